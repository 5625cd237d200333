namespace Skillgate.Modules.Organization.Contracts;

/// <summary>
/// One problem found in an uploaded workbook, located by the file's own sheet name, the row, and the column's letter and header.
/// A warning (e.g. a note line under the table, ignored) does not stop the import.
/// </summary>
public sealed record ImportError(string Sheet, int Row, string Column, string Message, bool Warning = false);

public sealed record ImportJobDto(
    Guid Id, string FileName, string Status, int TotalRows, int ProcessedRows, int Created, int Updated,
    IReadOnlyList<ImportError> Errors, string? Message, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, IReadOnlyList<ImportError> Warnings)
{
    public int Percent => TotalRows == 0 ? (Status is "succeeded" or "failed" ? 100 : 0) : Math.Min(100, ProcessedRows * 100 / TotalRows);

    public bool Finished => Status is "succeeded" or "failed";
}
