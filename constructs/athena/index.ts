/** Amazon Athena over the flow-log archive in S3: the table AWS's layout needs, and a guarded workgroup. */
export { ArchiveAthena, ATHENA_ENGINE_VERSION, type ArchiveAthenaProps } from "./archive-athena";
export { athenaColumns, columnName, quoted, RESERVED_COLUMNS, type AthenaColumn } from "./columns";
export { archiveLayout, locationTemplate, partitionColumns, projectionParameters, tableLocation, type ArchiveLayout } from "./layout";
