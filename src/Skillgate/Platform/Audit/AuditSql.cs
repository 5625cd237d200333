using System.Text.Json;
using Dapper;
using Npgsql;

namespace Skillgate.Platform.Audit;

/// <summary>An audit row written by plain SQL (bulk and hot paths), in the caller's transaction.</summary>
internal static class AuditSql
{
    public static Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, (Guid? Id, string Name) actor, DateTime now, string action, string entityType, Guid entityId, object? before, object? after) =>
        connection.ExecuteAsync(
            """
            INSERT INTO audit.event (id, occurred_at, actor_id, actor_name, action, entity_type, entity_id, before, after)
            VALUES (@id, @now, @actorId, @actorName, @action, @entityType, @entityId, @before::jsonb, @after::jsonb)
            """,
            new
            {
                id = Guid.CreateVersion7(), now, actorId = actor.Id, actorName = actor.Name, action, entityType, entityId,
                before = before is null ? null : JsonSerializer.Serialize(before), after = after is null ? null : JsonSerializer.Serialize(after),
            }, tx);
}
