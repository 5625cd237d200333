using System.Text.Json;
using Dapper;
using Npgsql;
using static Skillgate.Platform.Data.DbTime;
using Skillgate.Platform.Data;

namespace Skillgate.Platform.Audit;

/// <summary>One row of a record's history as shown on its page and by the API.</summary>
internal sealed record AuditEntry(long Seq, DateTimeOffset OccurredAt, string ActorName, string Action, string EntityType, Guid EntityId, IReadOnlyList<AuditChange> Changes);

internal sealed record AuditChange(string Field, string? Before, string? After);

internal sealed class AuditHistory(NpgsqlDataSource dataSource)
{
    /// <summary>The history of a record the caller may see: <paramref name="visible"/> (its read, in the caller's scope) fails first when not.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ForVisibleAsync<T>(Task<T> visible, string entityType, Guid entityId, CancellationToken ct)
    {
        await visible;
        return await ForEntityAsync(entityType, entityId, ct);
    }

    public async Task<IReadOnlyList<AuditEntry>> ForEntityAsync(string entityType, Guid entityId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT appended AS seq, occurred_at AS OccurredAt, actor_name AS ActorName, action, entity_type AS EntityType,
                   entity_id AS EntityId, before::text AS Before, after::text AS After
            FROM audit.event WHERE entity_type = @entityType AND entity_id = @entityId ORDER BY appended DESC
            """, new { entityType, entityId }, cancellationToken: ct));
        return rows.Select(ToEntry).ToList();
    }

    /// <returns>
    /// The page and a total that is exact on the last page and otherwise "at least one more page": counting millions of audit
    /// records for a pager cost a third of a second on every page (bench scale).
    /// </returns>
    public async Task<(IReadOnlyList<AuditEntry> Rows, long Total, bool TotalIsLowerBound)> PageAsync(string? entityType, string? actor, int page, int pageSize, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var args = new { entityType, actor = actor is null ? null : $"%{actor}%", offset = (page - 1) * pageSize, limit = pageSize + 1 };
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT appended AS seq, occurred_at AS OccurredAt, actor_name AS ActorName, action, entity_type AS EntityType,
                   entity_id AS EntityId, before::text AS Before, after::text AS After
            FROM audit.event WHERE (@entityType::text IS NULL OR entity_type = @entityType) AND (@actor::text IS NULL OR actor_name ILIKE @actor)
            ORDER BY appended DESC OFFSET @offset LIMIT @limit
            """, args, cancellationToken: ct))).ToList();
        return (rows.Take(pageSize).Select(ToEntry).ToList(), args.offset + rows.Count, rows.Count > pageSize);
    }

    private static AuditEntry ToEntry(Row r) =>
        new(r.Seq, Utc(r.OccurredAt), r.ActorName, r.Action, r.EntityType, r.EntityId, Diff(r.Before, r.After));

    private static List<AuditChange> Diff(string? before, string? after)
    {
        var b = Flatten(before);
        var a = Flatten(after);
        return b.Keys.Union(a.Keys).Order(StringComparer.Ordinal)
            .Select(k => new AuditChange(k, b.GetValueOrDefault(k), a.GetValueOrDefault(k)))
            .Where(c => c.Before != c.After)
            .ToList();
    }

    private static Dictionary<string, string?> Flatten(string? json)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (json is null)
        {
            return result;
        }

        using var doc = JsonDocument.Parse(json);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            result[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => p.Value.GetString(),
                _ => p.Value.GetRawText(),
            };
        }

        return result;
    }

    private sealed record Row(long Seq, DateTime OccurredAt, string ActorName, string Action, string EntityType, Guid EntityId, string? Before, string? After);
}
