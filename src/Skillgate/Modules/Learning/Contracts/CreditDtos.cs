using System.ComponentModel.DataAnnotations;

namespace Skillgate.Modules.Learning.Contracts;

/// <summary>
/// An external continuing-education credit (a conference, a journal course): who earned it, what, how many credits of which
/// category, when, and the certificate (a file stored through <c>/api/v1/files</c>). HR approves it before it counts.
/// </summary>
public sealed record ExternalCreditInput(
    Guid? EmployeeId, string Title, string? Provider, [property: AllowedValues("class_1_national", "class_1_provincial", "class_2")] string Category,
    decimal Credits, DateOnly EarnedOn, Guid CertificateFileId);

public sealed record ExternalCreditDto(
    Guid Id, Guid EmployeeId, string EmployeeNo, string EmployeeName, string Title, string Provider, string Category, decimal Credits, DateOnly EarnedOn,
    Guid CertificateFileId, string Status, string RecordedBy, DateTimeOffset RecordedAt, string? DecidedBy, DateTimeOffset? DecidedAt, string? Note);

/// <summary>HR's decision on an external credit: approve, or reject with a note saying why.</summary>
public sealed record ExternalCreditDecision([property: AllowedValues("approve", "reject")] string Decision, string? Note);

/// <summary>A person's continuing-education credits of a calendar year: the total, per category, and each credit (courses and approved external ones).</summary>
public sealed record CreditYearDto(Guid EmployeeId, int Year, decimal Total, IReadOnlyList<CreditCategoryTotal> ByCategory, IReadOnlyList<CreditEntryDto> Entries);

public sealed record CreditCategoryTotal(string Category, decimal Credits);

/// <summary>One credit: from a completed course (source course) or an approved external record (source external).</summary>
public sealed record CreditEntryDto(string Source, string Title, string Category, decimal Credits, DateOnly EarnedOn);
