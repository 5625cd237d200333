using Dapper;
using Npgsql;

namespace Skillgate.Modules.Learning.Demo;

/// <summary>
/// The demo hospital's approved external credits for last year and this: most clinical staff met the 25 a year; a few are
/// short this year (half of them met it last year, so they stay qualified until 31 December); the demo nurse is short both
/// years, with a national conference's 10 credits submitted and waiting for HR.
/// </summary>
internal static class HospitalCredits
{
    private static readonly string[] Topics = ["急危重症护理进展", "围手术期管理", "医院感染防控", "心血管疾病诊疗新进展", "呼吸危重症诊治", "护理管理与质量改进"];
    private static readonly string[] Providers = ["中华护理学会", "省医学会", "省护理学会"];

    /// <summary>Inserts the credits and returns the clinical staff whose standing they change.</summary>
    public static async Task<IReadOnlyCollection<Guid>> SeedAsync(NpgsqlConnection connection, Guid certificate, Guid demoNurse, DateTimeOffset now, CancellationToken ct)
    {
        var random = new Random(20261207);
        var staff = (await connection.QueryAsync<(Guid Id, Guid Unit)>(
            """
            SELECT e.id, e.org_unit_id FROM org.employee_v e JOIN org.position_v p ON p.id = e.position_id
            WHERE e.status <> 'exited' AND (p.code LIKE 'HOSP-SURG-%' OR p.code LIKE 'HOSP-MED-%' OR p.code LIKE 'HOSP-ICU-%')
            ORDER BY e.employee_no
            """)).ToList();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var rows = new List<Row>();
        foreach (var (id, unit) in staff)
        {
            var (thisYear, lastYear) = id == demoNurse ? (18, 20) : random.NextDouble() switch
            {
                < 0.04 => (random.Next(12, 23), random.Next(26, 33)),
                < 0.08 => (random.Next(10, 21), random.Next(15, 23)),
                _ => (random.Next(25, 31), random.Next(26, 33)),
            };
            Split(id, unit, thisYear, new DateOnly(today.Year, 1, 1), today.AddDays(-10));
            Split(id, unit, lastYear, new DateOnly(today.Year - 1, 1, 1), new DateOnly(today.Year - 1, 12, 31));
        }

        var conference = today.AddDays(-6);
        rows.Add(new Row(
            Guid.CreateVersion7(now), demoNurse, staff.First(s => s.Id == demoNurse).Unit, "全国手术室护理学术年会", "中华护理学会", "class_1_national", 10m,
            conference.ToDateTime(TimeOnly.MinValue), certificate, "submitted", now.AddDays(-2), null, null));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO learning.external_credit (id, employee_id, org_unit_id, title, provider, category, credits, earned_on, certificate_file_id, status, recorded_by, recorded_at, decided_by, decided_at)
            VALUES (@Id, @Employee, @Unit, @Title, @Provider, @Category, @Credits, @EarnedOn::date, @Certificate, @Status, 'demo-seed', @RecordedAt, @DecidedBy, @DecidedAt)
            """, rows, cancellationToken: ct));
        return [.. staff.Select(s => s.Id)];

        void Split(Guid id, Guid unit, int total, DateOnly from, DateOnly to)
        {
            var parts = new List<(string Title, string Category, int Credits)>();
            var left = total;
            if (left >= 20)
            {
                parts.Add(($"国家级继续医学教育项目：{Pick(Topics)}", "class_1_national", 10));
                left -= 10;
            }

            parts.Add(($"省级继续医学教育项目：{Pick(Topics)}", "class_1_provincial", 5));
            left -= 5;
            parts.Add(("院内业务学习与病例讨论（年度累计）", "class_2", left));
            foreach (var (title, category, credits) in parts)
            {
                var on = from.AddDays(random.Next(Math.Max(1, to.DayNumber - from.DayNumber)));
                var recorded = new DateTimeOffset(on.AddDays(3).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
                var decided = recorded.AddDays(2);
                if (decided > now)
                {
                    (recorded, decided) = (now.AddHours(-2), now.AddHours(-1));
                }

                rows.Add(new Row(Guid.CreateVersion7(now), id, unit, title, Pick(Providers), category, credits, on.ToDateTime(TimeOnly.MinValue), certificate, "approved", recorded, "hr", decided));
            }
        }

        string Pick(string[] values) => values[random.Next(values.Length)];
    }

    private sealed record Row(
        Guid Id, Guid Employee, Guid Unit, string Title, string Provider, string Category, decimal Credits, DateTime EarnedOn, Guid Certificate,
        string Status, DateTimeOffset RecordedAt, string? DecidedBy, DateTimeOffset? DecidedAt);
}
