using System.Globalization;
using Dapper;
using Npgsql;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Pdf;

namespace Skillgate.Modules.Training.Reports;

/// <summary>
/// The monthly training report of one or more departments as a PDF: for each unit (and everything below it) every module's
/// section — participation, coverage and overdue, check-in anomalies, effectiveness, points — in the reader's language.
/// </summary>
internal sealed class MonthlyReport(IEnumerable<MonthlyReportSection> sections, PdfReports reports, IServiceProvider services, TimeProvider clock, Platform.Data.ReportReads dataSource, Texts t)
{
    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    public static string Label(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The report of <paramref name="month"/>'s units; the caller has made sure the reader may see them.</summary>
    public async Task<byte[]> RenderAsync(IReadOnlyList<Guid> units, DateOnly month, CancellationToken ct)
    {
        month = MonthOf(month);
        using var system = SqlScope.AsSystem();
        List<(Guid Id, string Name)> named;
        await using (var connection = await dataSource.OpenScopedAsync(ct))
        {
            named = [.. await connection.QueryAsync<(Guid Id, string Name)>(new CommandDefinition(
                "SELECT id, name FROM org.org_unit_v WHERE id = ANY(@units) ORDER BY sort, name", new { units = units.ToArray() }, cancellationToken: ct))];
        }

        var label = Label(month);
        var (from, to) = (Start(month), Start(month.AddMonths(1)));
        using var pdf = reports.Create($"{t["monthly.title"]} {label}", $"{t["monthly.title"]} · {label}");
        pdf.Title(t["monthly.title"], t["monthly.subtitle", label, string.Join(t["monthly.unit_separator"], named.Select(u => u.Name))]);
        foreach (var (id, name) in named)
        {
            pdf.Heading(name);
            foreach (var section in sections.OrderBy(s => s.Order))
            {
                var part = await section.LoadAsync(services, new MonthlyReportScope(id, month, from, to), ct);
                pdf.Subheading(t[section.TitleTextKey]);
                if (part.Note is { } note)
                {
                    pdf.Paragraph(note, muted: true);
                }

                if (part.Facts.Count > 0)
                {
                    pdf.Facts(part.Facts);
                }

                if (part.Bars is { Count: > 0 } bars)
                {
                    pdf.Bars(bars, part.BarsMax);
                }
            }
        }

        return pdf.Save();
    }

    /// <summary>Where a plant-local day starts.</summary>
    private DateTimeOffset Start(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, clock.LocalTimeZone.GetUtcOffset(local));
    }
}
