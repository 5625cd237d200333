using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace Skillgate.Modules.Performance.Metrics;

/// <summary>A score as computed: which version, which subject, and the numbers behind it.</summary>
internal sealed record ComputedScore(Guid VersionId, string SubjectKind, Guid SubjectId, decimal Numerator, decimal Denominator, decimal? Value, decimal Target, bool? Met);

/// <summary>
/// Scores a period: every KPI whose version in force on the period's first day is of the period's kind, computed from the
/// published read models as recorded by a moment. Reads see every record (a KPI counts all of a line's work whoever asks);
/// who may see a score is the score table's row security.
/// </summary>
internal sealed class ScoreCalculator
{
    /// <summary>Scores the period over <paramref name="org"/> when given (a closed period's), otherwise over the organisation as it is now.</summary>
    public static async Task<Computation> ComputeAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, string kind, DateOnly from, DateOnly to, DateTime asOf, OrgShape? org, CancellationToken ct)
    {
        var versions = (await connection.QueryAsync<InForce>(new CommandDefinition(
            """
            SELECT DISTINCT ON (v.definition_id) v.id, v.metric, v.level, v.function_code, v.period, v.unit, v.direction, v.target
            FROM kpi.definition_version v WHERE v.effective_from <= @from
            ORDER BY v.definition_id, v.effective_from DESC
            """, new { from = from.ToDateTime(TimeOnly.MinValue) }, tx, cancellationToken: ct))).Where(v => v.Period == kind).ToList();
        org ??= await ReadOrgAsync(connection, tx, ct);
        if (versions.Count == 0)
        {
            return new Computation([], 0, org);
        }

        var facts = new Dictionary<string, IReadOnlyList<KpiFact>>(StringComparer.Ordinal);
        var scores = new List<ComputedScore>();
        foreach (var version in versions.OrderBy(v => v.Id))
        {
            var metric = KpiMetrics.Find(version.Metric) ?? throw new UnreachableException($"unknown metric {version.Metric}");
            // Metrics with the same records (defect rate in % and in ppm) read them once.
            if (!facts.TryGetValue(metric.SourceSql, out var metricFacts))
            {
                facts[metric.SourceSql] = metricFacts = await ReadFactsAsync(connection, tx, metric, from, to, asOf, ct);
            }

            scores.AddRange(ScoreAggregator.Aggregate(version.Level, version.FunctionCode, metricFacts, org).Select(s =>
            {
                var value = ScoreMath.Value(s.Numerator, s.Denominator, version.Unit);
                return new ComputedScore(version.Id, s.Kind, s.SubjectId, s.Numerator, s.Denominator, value, version.Target, ScoreMath.Met(value, version.Target, version.Direction));
            }));
        }

        return new Computation(scores, versions.Count, org);
    }

    public static async Task<OrgShape> ReadOrgAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, CancellationToken ct)
    {
        var units = await connection.QueryAsync<(Guid Id, Guid? Parent, string[] Functions)>(new CommandDefinition(
            "SELECT id, parent_id, functions FROM org.org_unit_v", transaction: tx, cancellationToken: ct));
        var people = (await connection.QueryAsync<(Guid Id, Guid? Position, Guid Unit)>(new CommandDefinition(
            "SELECT id, position_id, org_unit_id FROM org.employee_v", transaction: tx, cancellationToken: ct))).ToList();
        return new OrgShape(units.ToDictionary(u => u.Id, u => (u.Parent, u.Functions)), people.ToDictionary(p => p.Id, p => p.Position))
        {
            Homes = people.ToDictionary(p => p.Id, p => p.Unit),
        };
    }

    /// <summary>A hash of the scores in a fixed order and notation, so two computations compare with one string.</summary>
    public static string Hash(IEnumerable<ComputedScore> scores)
    {
        var text = new StringBuilder();
        foreach (var s in scores.OrderBy(s => s.VersionId).ThenBy(s => s.SubjectId))
        {
            text.Append(CultureInfo.InvariantCulture, $"{s.VersionId:N}|{s.SubjectKind}|{s.SubjectId:N}|{Norm(s.Numerator)}|{Norm(s.Denominator)}|{(s.Value is { } v ? Norm(v) : "-")}|{Norm(s.Target)}|{s.Met}\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>A decimal without trailing zeros: 1.50 from C# and 1.5000 from PostgreSQL are the same number.</summary>
    public static string Norm(decimal d) => d.ToString("0.############################", CultureInfo.InvariantCulture);

    private static async Task<IReadOnlyList<KpiFact>> ReadFactsAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, KpiMetric metric, DateOnly from, DateOnly to, DateTime asOf, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<(Guid? EmployeeId, Guid? UnitId, string? Function, decimal Numerator, decimal Denominator)>(new CommandDefinition(
            $"SELECT employee_id, unit_id, function, sum(numerator), sum(denominator) FROM ({metric.SourceSql}) f GROUP BY employee_id, unit_id, function",
            new { from = from.ToDateTime(TimeOnly.MinValue), to = to.ToDateTime(TimeOnly.MinValue), asOf, people = (Guid[]?)null }, tx, commandTimeout: 0, cancellationToken: ct));
        return rows.Select(r => new KpiFact(r.EmployeeId, r.UnitId, r.Numerator, r.Denominator, r.Function)).ToList();
    }

    internal sealed record Computation(IReadOnlyList<ComputedScore> Scores, int Definitions, OrgShape Org);

    private sealed record InForce(Guid Id, string Metric, string Level, string? FunctionCode, string Period, string Unit, string Direction, decimal Target);
}
