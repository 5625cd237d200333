namespace Skillgate.Modules.Organization.Contracts;

/// <summary>One problem found in an uploaded workbook, located by sheet, row and column.</summary>
public sealed record ImportError(string Sheet, int Row, string Column, string Message);

public sealed record ImportJobDto(
    Guid Id, string FileName, string Status, int TotalRows, int ProcessedRows, int Created, int Updated,
    IReadOnlyList<ImportError> Errors, string? Message, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    public int Percent => TotalRows == 0 ? (Status is "succeeded" or "failed" ? 100 : 0) : Math.Min(100, ProcessedRows * 100 / TotalRows);

    public bool Finished => Status is "succeeded" or "failed";
}
