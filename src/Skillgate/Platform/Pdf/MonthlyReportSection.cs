namespace Skillgate.Platform.Pdf;

/// <summary>
/// A part a module adds to the monthly department training report: its figures for one unit and everything below it over one
/// month, shown in <see cref="Order"/> under its title. The report runs it with the system's reach (a job, or a reader already
/// allowed the unit), so a section filters by the unit itself. An absent module adds no section.
/// </summary>
internal sealed record MonthlyReportSection(string Key, int Order, string TitleTextKey, Func<IServiceProvider, MonthlyReportScope, CancellationToken, Task<MonthlyReportPart>> LoadAsync);

/// <summary>The unit (and its subtree) and the month a report covers, with the month's plant-local bounds.</summary>
internal sealed record MonthlyReportScope(Guid UnitId, DateOnly Month, DateTimeOffset From, DateTimeOffset To);

/// <summary>A section's content: its figures, a sentence when there is nothing to count, and bars to compare (e.g. by sub-unit).</summary>
internal sealed record MonthlyReportPart(
    IReadOnlyList<(string Label, string Value)> Facts, string? Note = null, IReadOnlyList<(string Label, double Value, string Figure)>? Bars = null, double? BarsMax = null);
