using Dapper;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Points.Ledger;

/// <summary>
/// Writes the ledger through <c>points.award</c> and <c>points.reverse</c> (migration 0030), in the unit of work's transaction,
/// so points commit or fail with the result they pay for. The key says what is paid for: the same key never pays twice.
/// </summary>
internal sealed class PointsLedger(UnitOfWork work, PlantCalendar calendar, AuditActor actor)
{
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
        var row = await tx.Connection.QuerySingleOrDefaultAsync<(Guid EntryId, int Awarded, int Asked, bool Capped)?>(new CommandDefinition(
            "SELECT entry_id, awarded, asked, capped FROM points.award(@EmployeeId, @Rule, @SourceType, @SourceId, @Context, @Key, @Points, @Hours, @Percent, @at, @day::date, @Reason, @by)",
            new { award.EmployeeId, award.Rule, award.SourceType, award.SourceId, award.Context, award.Key, award.Points, award.Hours, award.Percent, at, day = PlantCalendar.Sql(calendar.DayOf(at)), award.Reason, by = actor.Current.Name },
            tx.Sql, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return row is { } r ? new AwardResult(r.EntryId, r.Awarded, r.Asked, r.Capped) : new AwardResult(null, 0, 0, false);
    }

    /// <summary>Takes back what a source paid (never below a zero balance); true when anything was reversed.</summary>
    public async Task<bool> ReverseAsync(string sourceType, Guid sourceId, string reason, CancellationToken ct)
    {
        await using var tx = await work.BeginAsync(ct);
        var at = calendar.Now;
        var rows = await tx.Connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT entry_id FROM points.reverse(@sourceType, @sourceId, @at, @day::date, @reason, @by)",
            new { sourceType, sourceId, at, day = PlantCalendar.Sql(calendar.DayOf(at)), reason, by = actor.Current.Name }, tx.Sql, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return rows.Any();
    }
}
