using System.Globalization;
using Dapper;
using Npgsql;
using Skillgate.Modules.Effectiveness.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Pdf;

namespace Skillgate.Modules.Effectiveness;

/// <summary>Effectiveness's part of the monthly report: each course's latest evaluation in or below the unit made by the month's end, its verdict and effect with the interval.</summary>
internal static class MonthlyEffectsSection
{
    public static readonly MonthlyReportSection Section = new("effectiveness", 50, "monthly.effectiveness", LoadAsync);

    private sealed record Latest(string Course, string Verdict, double? Effect, double? Lower, double? Upper);

    private static async Task<MonthlyReportPart> LoadAsync(IServiceProvider services, MonthlyReportScope scope, CancellationToken ct)
    {
        var t = services.GetRequiredService<Texts>();
        await using var connection = await services.GetRequiredService<Platform.Data.ReportReads>().OpenScopedAsync(ct);
        var latest = (await connection.QueryAsync<Latest>(new CommandDefinition(
            """
            SELECT DISTINCT ON (e.course_id) coalesce(c.title, e.title) AS Course, e.verdict AS Verdict,
                   (e.result -> 'effect' ->> 'estimate')::float8 AS Effect, (e.result -> 'effect' ->> 'lower')::float8 AS Lower,
                   (e.result -> 'effect' ->> 'upper')::float8 AS Upper
            FROM effectiveness.evaluation e LEFT JOIN learning.course_v c ON c.id = e.course_id
            WHERE org.unit_within(e.org_unit_id, @unit) AND e.created_at < @to
            ORDER BY e.course_id, e.created_at DESC
            LIMIT 20
            """, new { unit = scope.UnitId, to = scope.To }, cancellationToken: ct))).ToList();
        if (latest.Count == 0)
        {
            return new MonthlyReportPart([], t["monthly.no_evaluations"]);
        }

        return new MonthlyReportPart([.. latest.Select(l => (l.Course, l.Effect is { } x
            ? $"{t[EffectivenessVocabularies.Verdict, l.Verdict]} · {Pp(x)} pp [{Pp(l.Lower ?? x)}, {Pp(l.Upper ?? x)}]"
            : t[EffectivenessVocabularies.Verdict, l.Verdict].Value))]);
    }

    private static string Pp(double rate) => (rate * 100).ToString("0.00", CultureInfo.InvariantCulture);
}
