using System.Globalization;
using Dapper;
using Npgsql;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Learning.Recommendations;

/// <summary>
/// The courses that close a person's own gaps, ranked: requirements that block their post, then those expiring or to retrain,
/// then skill levels below their post's, then needs naming them, then their wishes, then what colleagues on their post rated
/// useful. A course closing several gaps is listed once, at its most urgent, with every reason. The caller has checked that it
/// may see the person.
/// </summary>
internal sealed class RecommendationQueries(NpgsqlDataSource dataSource, INeedsOfPerson needs, TimeProvider clock, Texts t)
{
    public const int Shown = 20;

    private const int ColleaguesAtLeast = 2;

    private const string GapsSql =
        """
        SELECT q.requirement_id AS RequirementId, q.status AS Status, q.due_on AS DueOn, q.valid_until AS ValidUntil, r.kind AS Kind,
               d.code AS DocumentCode, v.major AS Major, v.minor AS Minor, s.name AS SkillName, r.min_level AS MinLevel, c.id AS CourseId
        FROM competence.qualification_v q
        JOIN competence.requirement_v r ON r.id = q.requirement_id AND r.kind <> 'points'
        LEFT JOIN standards.document_v d ON d.id = r.document_id
        LEFT JOIN LATERAL (SELECT v.major, v.minor FROM standards.document_version_v v
                           WHERE v.document_id = r.document_id AND v.status = 'effective' ORDER BY v.major DESC, v.minor DESC LIMIT 1) v ON true
        LEFT JOIN competence.skill_v s ON s.id = r.skill_id
        LEFT JOIN learning.course c ON c.status = 'published'
             AND (EXISTS (SELECT 1 FROM learning.course_document cd JOIN standards.document_version_v cv ON cv.id = cd.document_version_id
                          WHERE cd.course_id = c.id AND cv.document_id = r.document_id AND cv.status = 'effective')
                  OR EXISTS (SELECT 1 FROM learning.course_skill cs WHERE cs.course_id = c.id AND cs.skill_id = r.skill_id AND cs.level >= r.min_level))
        WHERE q.employee_id = @employeeId AND q.status <> 'qualified'
        """;

    /// <summary>The tiers in rank order; a recommendation's tier is its 1-based position here.</summary>
    public static readonly IReadOnlyList<string> Tiers = ["blocking", "renewal", "skill", "need", "wish", "colleagues"];

    public async Task<IReadOnlyList<RecommendationDto>> ForEmployeeAsync(Guid employeeId, CancellationToken ct) =>
        (await ReadAsync(employeeId, ct)).Recommendations;

    /// <summary>The recommendations and how many requirements of the person's post and operations are not in order.</summary>
    public async Task<(IReadOnlyList<RecommendationDto> Recommendations, int Gaps)> ReadAsync(Guid employeeId, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var gaps = (await connection.QueryAsync<GapRow>(new CommandDefinition(GapsSql, new { employeeId }, cancellationToken: ct))).ToList();
        var candidates = gaps.Where(g => g.CourseId is not null).Select(g => Gap(g, today)).OfType<Candidate>().ToList();
        candidates.AddRange(await NeedsAsync(connection, employeeId, ct));
        candidates.AddRange(await WishesAsync(connection, employeeId, ct));
        candidates.AddRange(await ColleaguesAsync(connection, employeeId, ct));
        var gapCount = gaps.Select(g => g.RequirementId).Distinct().Count();
        if (candidates.Count == 0)
        {
            return ([], gapCount);
        }

        var courses = (await connection.QueryAsync<CourseRow>(new CommandDefinition(
            """
            SELECT c.id AS Id, c.code AS Code, c.title AS Title, c.kind AS Kind,
                   EXISTS (SELECT 1 FROM learning.enrollment e WHERE e.course_id = c.id AND e.employee_id = @employeeId AND e.status = 'in_progress') AS Enrolled,
                   (SELECT max(cc.completed_on) FROM learning.course_completion cc WHERE cc.course_id = c.id AND cc.employee_id = @employeeId AND cc.revoked_at IS NULL) AS CompletedOn
            FROM learning.course c WHERE c.id = ANY(@ids) AND c.status = 'published'
            """, new { employeeId, ids = candidates.Select(c => c.CourseId).Distinct().ToArray() }, cancellationToken: ct))).ToDictionary(c => c.Id);
        var recommendations = candidates
            .Where(c => courses.TryGetValue(c.CourseId, out var course) && !course.Settles(c))
            .GroupBy(c => c.CourseId)
            .Select(g =>
            {
                var course = courses[g.Key];
                var best = g.OrderBy(c => c.Tier).ThenBy(c => c.DueOn ?? DateOnly.MaxValue).First();
                var reasons = g.OrderBy(c => c.Tier).ThenBy(c => c.DueOn ?? DateOnly.MaxValue).Select(c => c.Reason).Distinct(StringComparer.Ordinal).ToList();
                var tier = Tiers[best.Tier - 1];
                return new RecommendationDto(course.Id, course.Code, course.Title, course.Kind, best.Tier, t[LearningVocabularies.RecommendationTier, tier].Value, reasons, best.DueOn, course.Enrolled);
            })
            .OrderBy(r => r.Tier).ThenBy(r => r.DueOn ?? DateOnly.MaxValue).ThenBy(r => r.Code, StringComparer.Ordinal)
            .Take(Shown)
            .ToList();
        return (recommendations, gapCount);
    }

    private Candidate? Gap(GapRow g, DateOnly today)
    {
        var course = g.CourseId!.Value;
        if (g.Kind == "skill")
        {
            return new Candidate(course, 3, t["learning.reason.skill", g.SkillName ?? "", g.MinLevel ?? 0].Value, null, null);
        }

        var label = g.Major is null ? g.DocumentCode ?? "" : $"{g.DocumentCode} v{g.Major}.{g.Minor}";
        var acknowledge = g.Kind == "acknowledgement";
        return g.Status switch
        {
            "not_trained" when g.DueOn is { } due => new Candidate(course, 1, t[acknowledge ? "learning.reason.acknowledge" : "learning.reason.required", label, Date(due, today)].Value, due, null),
            "not_trained" => new Candidate(course, 1, t[acknowledge ? "learning.reason.acknowledge_now" : "learning.reason.required_now", label].Value, null, null),
            "expired" => new Candidate(course, 1, t["learning.reason.expired", label, Date(g.ValidUntil ?? today, today)].Value, g.ValidUntil, null),
            "retraining_required" when g.DueOn is { } due && due < today => new Candidate(course, 1, t["learning.reason.retraining_overdue", label, Date(due, today)].Value, due, null),
            "retraining_required" => new Candidate(course, 2, t["learning.reason.retraining", label, Date(g.DueOn ?? today, today)].Value, g.DueOn, null),
            "expiring" => new Candidate(course, 2, t["learning.reason.expiring", label, Date(g.ValidUntil ?? today, today)].Value, g.ValidUntil, null),
            _ => null,
        };
    }

    private async Task<IEnumerable<Candidate>> NeedsAsync(NpgsqlConnection connection, Guid employeeId, CancellationToken ct)
    {
        var mine = await needs.ForEmployeeAsync(employeeId, ct);
        var bySkill = await SkillCoursesAsync(connection, mine.Where(n => n.CourseId is null && n.SkillId is not null).Select(n => n.SkillId!.Value), ct);
        return mine.SelectMany(n => (n.CourseId is { } course ? [course] : bySkill[n.SkillId ?? Guid.Empty])
            .Select(course => new Candidate(course, 4, n.Reason, n.DueOn, n.CreatedOn)));
    }

    private async Task<IEnumerable<Candidate>> WishesAsync(NpgsqlConnection connection, Guid employeeId, CancellationToken ct)
    {
        var wishes = (await connection.QueryAsync<(Guid SkillId, string Name)>(new CommandDefinition(
            """
            SELECT w.skill_id, s.name FROM competence.skill_wish_v w JOIN competence.skill_v s ON s.id = w.skill_id
            WHERE w.employee_id = @employeeId AND w.withdrawn_at IS NULL
            """, new { employeeId }, cancellationToken: ct))).ToList();
        var bySkill = await SkillCoursesAsync(connection, wishes.Select(w => w.SkillId), ct);
        return wishes.SelectMany(w => bySkill[w.SkillId].Select(course => new Candidate(course, 5, t["learning.reason.wish", w.Name].Value, null, DateOnly.MinValue)));
    }

    /// <summary>
    /// Courses that at least two colleagues on the same post rated useful (applicability 4 or more on average). Only counts leave
    /// this query, so it reads everyone's ratings, which a worker's own scope would not.
    /// </summary>
    private async Task<IEnumerable<Candidate>> ColleaguesAsync(NpgsqlConnection connection, Guid employeeId, CancellationToken ct)
    {
        var position = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT position_id FROM org.employee_v WHERE id = @employeeId", new { employeeId }, cancellationToken: ct));
        if (position is null)
        {
            return [];
        }

        using var _ = SqlScope.AsSystem();
        await using var system = await dataSource.OpenScopedAsync(ct);
        var rated = await system.QueryAsync<(Guid CourseId, int People, double Rating)>(new CommandDefinition(
            """
            SELECT f.course_id, count(*)::int, avg(f.applicability_rating)::float8 FROM learning.feedback f
            JOIN org.employee_v e ON e.id = f.employee_id
            WHERE e.position_id = @position AND f.employee_id <> @employeeId
            GROUP BY f.course_id HAVING count(*) >= @least AND avg(f.applicability_rating) >= 4
            ORDER BY 3 DESC, 2 DESC LIMIT 10
            """, new { position, employeeId, least = ColleaguesAtLeast }, cancellationToken: ct));
        return rated.Select(r => new Candidate(r.CourseId, 6, t["learning.reason.colleagues", r.People, r.Rating.ToString("0.0", CultureInfo.InvariantCulture)].Value, null, DateOnly.MinValue));
    }

    private static async Task<ILookup<Guid, Guid>> SkillCoursesAsync(NpgsqlConnection connection, IEnumerable<Guid> skills, CancellationToken ct)
    {
        var ids = skills.Distinct().ToArray();
        if (ids.Length == 0)
        {
            return Array.Empty<(Guid, Guid)>().ToLookup(x => x.Item1, x => x.Item2);
        }

        var rows = await connection.QueryAsync<(Guid SkillId, Guid CourseId)>(new CommandDefinition(
            "SELECT cs.skill_id, cs.course_id FROM learning.course_skill cs JOIN learning.course c ON c.id = cs.course_id AND c.status = 'published' WHERE cs.skill_id = ANY(@ids)",
            new { ids }, cancellationToken: ct));
        return rows.ToLookup(r => r.SkillId, r => r.CourseId);
    }

    /// <summary>"12 月 20 日" / "20 Dec" this year, with the year otherwise.</summary>
    private static string Date(DateOnly date, DateOnly today)
    {
        var zh = CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);
        return (zh, date.Year == today.Year) switch
        {
            (true, true) => $"{date.Month} 月 {date.Day} 日",
            (true, false) => $"{date.Year} 年 {date.Month} 月 {date.Day} 日",
            (false, true) => date.ToString("d MMM", CultureInfo.InvariantCulture),
            (false, false) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>
    /// One reason to take a course. <paramref name="SettledSince"/>: a completion on or after that day (or any enrolment, for the
    /// wishes and colleagues' picks) means it is already done; null for requirements, which say themselves whether they are met.
    /// </summary>
    private sealed record Candidate(Guid CourseId, int Tier, string Reason, DateOnly? DueOn, DateOnly? SettledSince);

    private sealed class CourseRow
    {
        public Guid Id { get; init; }

        public string Code { get; init; } = "";

        public string Title { get; init; } = "";

        public string Kind { get; init; } = "";

        public bool Enrolled { get; init; }

        public DateOnly? CompletedOn { get; init; }

        public bool Settles(Candidate c) =>
            c.SettledSince is { } since && ((CompletedOn is { } done && done >= since) || (c.Tier >= 5 && Enrolled));
    }

    private sealed class GapRow
    {
        public Guid RequirementId { get; init; }

        public string Status { get; init; } = "";

        public DateOnly? DueOn { get; init; }

        public DateOnly? ValidUntil { get; init; }

        public string Kind { get; init; } = "";

        public string? DocumentCode { get; init; }

        public int? Major { get; init; }

        public int? Minor { get; init; }

        public string? SkillName { get; init; }

        public int? MinLevel { get; init; }

        public Guid? CourseId { get; init; }
    }
}
