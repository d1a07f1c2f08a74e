"""The warehouse files: connections, migrations, the writer lock, the dbt build and publishing."""
