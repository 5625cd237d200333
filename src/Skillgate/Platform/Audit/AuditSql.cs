using System.Text.Json;
using Dapper;
using Npgsql;

namespace Skillgate.Platform.Audit;

/// <summary>One change for the audit trail, written by plain SQL.</summary>
internal sealed record AuditRow(string Action, string EntityType, Guid EntityId, object? Before, object? After);

/// <summary>
/// The one place that writes audit rows by plain SQL, always in the caller's transaction: handlers and jobs reach it through the
/// <see cref="Data.UnitOfWork"/>; EF changes are recorded by <see cref="AuditingInterceptor"/>. The hash chain is added by the database as each row is inserted.
/// </summary>
internal static class AuditSql
{
    /// <summary>
    /// The head of an INSERT for a statement that records its change and the audit rows together (the check-in hot path, the
    /// import): follow it with a query yielding id, occurred_at, actor_id, actor_name, action, entity_type, entity_id, before, after.
    /// </summary>
    public const string Insert = "INSERT INTO audit.event (id, occurred_at, actor_id, actor_name, action, entity_type, entity_id, before, after)";

    /// <summary>Many rows in one statement, in the order given.</summary>
    public static Task WriteManyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, (Guid? Id, string Name) actor, DateTime now, IReadOnlyList<AuditRow> rows) =>
        rows.Count == 0
            ? Task.CompletedTask
            : connection.ExecuteAsync(
                $"""
                {Insert}
                SELECT r.id, @now, @actorId, @actorName, r.action, r.entity_type, r.entity_id, r.before::jsonb, r.after::jsonb
                FROM unnest(@ids, @actions, @types, @entityIds, @befores, @afters) WITH ORDINALITY AS r(id, action, entity_type, entity_id, before, after, n)
                ORDER BY r.n
                """,
                new
                {
                    now, actorId = actor.Id, actorName = actor.Name,
                    ids = rows.Select(_ => Guid.CreateVersion7()).ToArray(),
                    actions = rows.Select(r => r.Action).ToArray(),
                    types = rows.Select(r => r.EntityType).ToArray(),
                    entityIds = rows.Select(r => r.EntityId).ToArray(),
                    befores = rows.Select(r => Json(r.Before)).ToArray(),
                    afters = rows.Select(r => Json(r.After)).ToArray(),
                }, tx);

    private static string? Json(object? value) => value is null ? null : JsonSerializer.Serialize(value);
}
