using Dapper;
using Npgsql;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Points.Ledger;

/// <summary>HR corrects a person's points with a reason: a new entry in a category, never below a zero balance; the old entries stay.</summary>
internal sealed class CorrectionHandler(
    NpgsqlDataSource dataSource, UnitOfWork work, PlantCalendar calendar, AuditActor actor, CurrentUser me, PointsLedger ledger, Texts t)
{
    public static readonly string[] Categories = ["participation", "results", "growth"];

    public async Task<PointsEntryDto> CorrectAsync(PointsCorrectionInput input, CancellationToken ct)
    {
        var reason = input.Reason?.Trim();
        var v = new Validation();
        if (input.EmployeeId is null)
        {
            v.Add("employeeId", t["validation.required"]);
        }

        if (input.Points is not { } points || points == 0 || Math.Abs(points) > 10_000)
        {
            v.Add("points", t["points.correction_range", 10_000]);
        }

        if (input.Category is null || !Categories.Contains(input.Category, StringComparer.Ordinal))
        {
            v.Add("category", t["points.choose_one", string.Join(", ", Categories.Select(c => t[PointsVocabularies.Category, c].Value))]);
        }

        v.Require("reason", reason, t["validation.required"]).MaxLength("reason", reason, 500, t["validation.max_length", 500]).ThrowIfInvalid();
        var employee = input.EmployeeId!.Value;
        if (employee == me.EmployeeId)
        {
            throw new ForbiddenException("points_own_correction", t["points.own_correction"]);
        }

        await using (var scoped = await dataSource.OpenScopedAsync(ct))
        {
            if (!await scoped.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM org.employee_v WHERE id = @employee)", new { employee }, cancellationToken: ct)))
            {
                throw new NotFoundException("employee");
            }
        }

        var id = input.RequestId ?? Guid.CreateVersion7();
        var at = calendar.Now;
        await using var tx = await work.BeginAsync(ct);
        var (outcome, balance) = await tx.Connection.QuerySingleAsync<(string, int)>(new CommandDefinition(
            "SELECT outcome, balance FROM points.correct(@id, @employee, @points, @category, @at, @day::date, @reason, @by)",
            new { id, employee, points = input.Points!.Value, category = input.Category, at, day = PlantCalendar.Sql(await calendar.DayOfAsync(at, ct)), reason, by = actor.Current.Name },
            tx.Sql, cancellationToken: ct));
        if (outcome == "negative")
        {
            throw new RuleViolationException("points_balance_negative", t["points.balance_negative", balance, -input.Points.Value]);
        }

        if (outcome == "conflict")
        {
            throw new RuleViolationException("points_request_reused", t["points.request_reused"]);
        }

        if (outcome == "replayed")
        {
            return (await tx.Connection.QuerySingleAsync<AccountQueries.EntryRow>(new CommandDefinition(
                $"SELECT {AccountQueries.EntryColumns} FROM points.entry WHERE id = @id", new { id }, tx.Sql, cancellationToken: ct))).ToDto();
        }

        await ledger.ChangedAsync([employee], ct);
        await tx.AuditAsync("created", "points_entry", id, null, new { employee, input.Points, input.Category, reason });
        await tx.CommitAsync(ct);
        return new PointsEntryDto(id, employee, input.Points.Value, "correction", input.Category!, "correction", id, null, at, await calendar.DayOfAsync(at, ct), reason!, actor.Current.Name);
    }
}
