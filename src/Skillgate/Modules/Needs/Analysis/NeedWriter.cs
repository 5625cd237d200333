using System.Text.Json;
using Dapper;
using Npgsql;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Needs.Analysis;

/// <summary>
/// Turns signals into needs: a signal already taken is skipped; otherwise it joins the open need with the same what-and-where
/// (evidence appended, people added, the earlier due date and higher priority kept) or opens a new one. Audited per need.
/// </summary>
internal sealed class NeedWriter(UnitOfWork work, TimeProvider clock, Texts texts)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public enum Outcome
    {
        Skipped,
        Created,
        Updated,
    }

    public async Task<Outcome> TakeAsync(NeedSignal signal, IReadOnlyCollection<Guid> people, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await work.BeginAsync(ct);
        var connection = tx.Connection;

        // One writer per signal and per what-and-where at a time (always in this order): two runs at once (the daily job on one node,
        // the button on another) neither take a signal twice nor open two needs for the same thing.
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('signal:' || @key))", new { key = signal.SignalKey }, tx.Sql);
        if (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM needs.signal WHERE key = @key)", new { key = signal.SignalKey }, tx.Sql))
        {
            return Outcome.Skipped;
        }

        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext(@key))", new { key = signal.DedupeKey }, tx.Sql);
        var evidence = JsonSerializer.Serialize(new[] { signal.Evidence }, Json);

        // The stored text (for search) is in the plant's language; pages and the API render the evidence in each reader's.
        var why = signal.Evidence.Render(texts.For("zh-CN"));
        var open = await connection.ExecuteScalarAsync<Guid?>(
            "SELECT id FROM needs.need WHERE dedupe_key = @key AND status = 'open' FOR UPDATE", new { key = signal.DedupeKey }, tx.Sql);
        Guid needId;
        Outcome outcome;
        if (open is { } existing)
        {
            needId = existing;
            outcome = Outcome.Updated;
            await connection.ExecuteAsync(
                """
                UPDATE needs.need SET evidence = evidence || @evidence::jsonb, why = why || E'\n' || @why,
                       priority = CASE WHEN @rank < (CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END) THEN @priority ELSE priority END,
                       due_on = least(due_on, @dueOn::date), version = version + 1
                WHERE id = @id
                """, new { id = needId, evidence, why, rank = Rank(signal.Priority), priority = signal.Priority, dueOn = signal.DueOn.ToDateTime(TimeOnly.MinValue) }, tx.Sql);
            await tx.AuditAsync("updated", "need", needId, null, new { signal = signal.SignalKey, why });
        }
        else
        {
            needId = Guid.CreateVersion7();
            outcome = Outcome.Created;
            await connection.ExecuteAsync(
                """
                INSERT INTO needs.need (id, source, rule_id, dedupe_key, title, course_id, skill_id, org_unit_id, scope_label, why, evidence, priority, due_on, created_at)
                VALUES (@id, @Source, @RuleId, @DedupeKey, @Title, @CourseId, @SkillId, @OrgUnitId, @ScopeLabel, @why, @evidence::jsonb, @Priority, @dueOn::date, @now)
                """,
                new
                {
                    id = needId, signal.Source, signal.RuleId, signal.DedupeKey, signal.Title, signal.CourseId, signal.SkillId, signal.OrgUnitId, signal.ScopeLabel,
                    why, evidence, signal.Priority, dueOn = signal.DueOn.ToDateTime(TimeOnly.MinValue), now,
                }, tx.Sql);
            await tx.AuditAsync("created", "need", needId, null, new { signal.Source, signal.Title, signal.ScopeLabel, why, signal.DueOn });
        }

        await connection.ExecuteAsync(
            "INSERT INTO needs.need_person (need_id, employee_id) SELECT @needId, unnest(@employees) ON CONFLICT DO NOTHING",
            new { needId, employees = people.ToArray() }, tx.Sql);
        await connection.ExecuteAsync("INSERT INTO needs.signal (key, need_id, taken_at) VALUES (@key, @needId, @now)", new { key = signal.SignalKey, needId, now }, tx.Sql);
        await tx.CommitAsync(ct);
        return outcome;
    }

    private static int Rank(string priority) => priority switch
    {
        "high" => 0,
        "medium" => 1,
        _ => 2,
    };
}
