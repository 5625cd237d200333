using Dapper;
using Npgsql;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Points.Certifications;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Points.Ledger;

/// <summary>
/// Writes the ledger through <c>points.award</c> and <c>points.reverse</c> (migration 0030), in the unit of work's transaction,
/// so points commit or fail with the result they pay for. The key says what is paid for: the same key never pays twice. After a
/// change the person's points requirements are judged again and any certification whose threshold they reached is granted.
/// </summary>
internal sealed class PointsLedger(
    UnitOfWork work, PlantCalendar calendar, AuditActor actor, IPointsStandingRefresh standings, CertificationGrants certifications, Texts t)
{
    // People whose points changed in the current transaction, judged just before it commits.
    private readonly HashSet<Guid> _changed = [];

    public sealed record Award(Guid EmployeeId, string Rule, string SourceType, Guid SourceId, string Key, string Reason)
    {
        public Guid? Context { get; init; }

        public int? Points { get; init; }

        public decimal? Hours { get; init; }

        public decimal? Percent { get; init; }
    }

    public async Task<AwardResult> AwardAsync(Award award, CancellationToken ct)
    {
        await using var tx = await work.BeginAsync(ct);
        var at = calendar.Now;
        (Guid EntryId, int Awarded, int Asked, bool Capped)? row;
        try
        {
            row = await tx.Connection.QuerySingleOrDefaultAsync<(Guid EntryId, int Awarded, int Asked, bool Capped)?>(new CommandDefinition(
                "SELECT entry_id, awarded, asked, capped FROM points.award(@EmployeeId, @Rule, @SourceType, @SourceId, @Context, @Key, @Points, @Hours, @Percent, @at, @day::date, @Reason, @by)",
                new { award.EmployeeId, award.Rule, award.SourceType, award.SourceId, award.Context, award.Key, award.Points, award.Hours, award.Percent, at, day = PlantCalendar.Sql(await calendar.DayOfAsync(at, ct)), award.Reason, by = actor.Current.Name },
                tx.Sql, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation)
        {
            // The rule's range changed between the caller's check and the award.
            throw new RuleViolationException("points_rule_changed", t["points.rule_changed"]);
        }

        if (row is { Awarded: not 0 })
        {
            await ChangedAsync([award.EmployeeId], ct);
        }

        await tx.CommitAsync(ct);
        return row is { } r ? new AwardResult(r.EntryId, r.Awarded, r.Asked, r.Capped) : new AwardResult(null, 0, 0, false);
    }

    /// <summary>Takes back what a source paid (never below a zero balance); true when anything was reversed.</summary>
    public async Task<bool> ReverseAsync(string sourceType, Guid sourceId, string reason, CancellationToken ct)
    {
        await using var tx = await work.BeginAsync(ct);
        var at = calendar.Now;
        var rows = (await tx.Connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT employee_id FROM points.reverse(@sourceType, @sourceId, @at, @day::date, @reason, @by)",
            new { sourceType, sourceId, at, day = PlantCalendar.Sql(await calendar.DayOfAsync(at, ct)), reason, by = actor.Current.Name }, tx.Sql, cancellationToken: ct))).ToList();
        if (rows.Count > 0)
        {
            await ChangedAsync(rows.Distinct().ToList(), ct);
        }

        await tx.CommitAsync(ct);
        return rows.Count > 0;
    }

    /// <summary>
    /// What follows a change of these people's earned points, in the same transaction, once just before it commits: a passed
    /// exam pays for the pass and for the completed course, and the people are judged once for both.
    /// </summary>
    public async Task ChangedAsync(IReadOnlyCollection<Guid> employees, CancellationToken ct)
    {
        await using var tx = await work.BeginAsync(ct);
        if (work.BeforeCommit(this, FollowAsync))
        {
            // The first change in this transaction: people left by one that rolled back are not this one's.
            _changed.Clear();
        }

        _changed.UnionWith(employees);
        await tx.CommitAsync(ct);
    }

    private async Task FollowAsync(CancellationToken ct)
    {
        var employees = _changed.ToList();
        _changed.Clear();
        await standings.RefreshAsync(employees, ct);
        await certifications.GrantDueAsync(employees, ct);
    }
}
