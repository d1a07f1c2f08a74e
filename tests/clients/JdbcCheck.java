// pgjdbc against a live `wirehouse serve`: tests/test_serve_jdbc.py compiles and runs it.
// java -cp postgresql.jar:. JdbcCheck URL USER PASSWORD meta SCHEMA TABLE
// java -cp postgresql.jar:. JdbcCheck URL USER PASSWORD params DATE MIN_WORDS ENTITY_TYPE ID1,ID2,...
// Prints one line per result row: CHECK<TAB>value<TAB>value...; a failing check prints ERROR<TAB>CHECK<TAB>message
// and the others still run.
import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

public final class JdbcCheck {
    interface Check {
        void run() throws SQLException;
    }

    private static void check(String name, Check check) {
        try {
            check.run();
        } catch (SQLException | RuntimeException e) {
            System.out.println("ERROR\t" + name + "\t" + String.valueOf(e.getMessage()).replace('\n', ' '));
        }
    }

    private static void print(String name, Object... values) {
        StringBuilder line = new StringBuilder(name);
        for (Object value : values) {
            line.append('\t').append(value == null ? "NULL" : value.toString());
        }
        System.out.println(line);
    }

    /** Every row of rs, the named columns only. */
    private static void rows(String name, ResultSet rs, String... columns) throws SQLException {
        try (rs) {
            while (rs.next()) {
                Object[] values = new Object[columns.length];
                for (int i = 0; i < columns.length; i++) {
                    values[i] = rs.getObject(columns[i]);
                }
                print(name, values);
            }
        }
    }

    private static void meta(Connection conn, String schema, String table) {
        check("catalogs", () -> {
            DatabaseMetaData md = conn.getMetaData();
            rows("catalogs", md.getCatalogs(), "TABLE_CAT");
        });
        check("schemas", () -> rows("schemas", conn.getMetaData().getSchemas(), "TABLE_SCHEM"));
        check("tables", () -> rows("tables", conn.getMetaData().getTables(null, schema, "%", null),
                "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE"));
        check("columns", () -> rows("columns", conn.getMetaData().getColumns(null, schema, table, "%"),
                "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "ORDINAL_POSITION", "IS_NULLABLE"));
        check("primarykeys", () -> rows("primarykeys", conn.getMetaData().getPrimaryKeys(null, schema, table),
                "COLUMN_NAME", "KEY_SEQ", "PK_NAME"));
        check("importedkeys", () -> rows("importedkeys", conn.getMetaData().getImportedKeys(null, schema, table),
                "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ"));
        check("exportedkeys", () -> {
            DatabaseMetaData md = conn.getMetaData();
            try (ResultSet all = md.getTables(null, schema, "%", new String[] {"TABLE"})) {
                List<String> names = new ArrayList<>();
                while (all.next()) {
                    names.add(all.getString("TABLE_NAME"));
                }
                for (String name : names) {
                    rows("exportedkeys", md.getExportedKeys(null, schema, name),
                            "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_NAME", "FKCOLUMN_NAME");
                }
            }
        });
        check("indexinfo", () -> rows("indexinfo", conn.getMetaData().getIndexInfo(null, schema, table, false, true),
                "INDEX_NAME", "COLUMN_NAME", "NON_UNIQUE", "ORDINAL_POSITION"));
        check("typeinfo", () -> rows("typeinfo", conn.getMetaData().getTypeInfo(), "TYPE_NAME", "DATA_TYPE"));
    }

    private static void params(Connection conn, String date, int minWords, String entityType, String[] ids) {
        check("setDate", () -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "select article_id from article where published_date = ? order by article_id")) {
                ps.setDate(1, Date.valueOf(date));
                rows("setDate", ps.executeQuery(), "article_id");
            }
        });
        check("setTimestamp", () -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "select article_id from article where cast(published_date as timestamp) = ? order by article_id")) {
                ps.setTimestamp(1, Timestamp.valueOf(date + " 00:00:00"));
                rows("setTimestamp", ps.executeQuery(), "article_id");
            }
        });
        check("setInt", () -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "select article_id from article where word_count >= ? order by article_id")) {
                ps.setInt(1, minWords);
                rows("setInt", ps.executeQuery(), "article_id");
            }
        });
        check("setString", () -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "select name from entity where entity_type = ? order by name")) {
                for (int i = 0; i < 6; i++) { // past pgjdbc's prepareThreshold (5): a named server-side statement
                    ps.setString(1, entityType);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (i == 5) {
                                print("setString", rs.getString(1));
                            }
                        }
                    }
                }
            }
        });
        check("setArray", () -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "select article_id from article where article_id = ANY(?) order by article_id")) {
                ps.setArray(1, conn.createArrayOf("varchar", ids));
                rows("setArray", ps.executeQuery(), "article_id");
            }
        });
        check("getArray", () -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "select article_id, authors from article order by article_id")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Array authors = rs.getArray(2);
                        if (authors == null) {
                            print("getArray", rs.getString(1), "NULL");
                            continue;
                        }
                        Object[] values = (Object[]) authors.getArray();
                        print("getArray", rs.getString(1), authors.getBaseTypeName(), String.join("|",
                                java.util.Arrays.stream(values).map(String::valueOf).toArray(String[]::new)));
                    }
                }
            }
        });
        check("arrayTypes", () -> {
            try (PreparedStatement ps = conn.prepareStatement("select [1, 2, 3]::INTEGER[] as ints, "
                    + "[1.5, null]::DOUBLE[] as doubles, [date '2020-01-02'] as dates")) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    for (int i = 1; i <= 3; i++) {
                        Array a = rs.getArray(i);
                        Object[] values = (Object[]) a.getArray();
                        print("arrayTypes", a.getBaseTypeName(), values.getClass().getComponentType().getSimpleName(),
                                String.join("|", java.util.Arrays.stream(values).map(String::valueOf)
                                        .toArray(String[]::new)));
                    }
                }
            }
        });
    }

    public static void main(String[] args) throws SQLException {
        try (Connection conn = DriverManager.getConnection(args[0], args[1], args[2])) {
            if (args[3].equals("meta")) {
                meta(conn, args[4], args[5]);
            } else {
                params(conn, args[4], Integer.parseInt(args[5]), args[6], args[7].split(","));
            }
        }
        System.out.println("DONE");
    }
}
