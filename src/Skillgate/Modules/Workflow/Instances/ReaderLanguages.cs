using Dapper;
using Npgsql;

namespace Skillgate.Modules.Workflow.Instances;

/// <summary>The UI language each user chose (zh-CN when none): notifications are written in their reader's language.</summary>
internal static class ReaderLanguages
{
    public static async Task<IReadOnlyDictionary<Guid, string?>> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, IEnumerable<Guid> users, CancellationToken ct)
    {
        var ids = users.Distinct().ToArray();
        if (ids.Length == 0)
        {
            return new Dictionary<Guid, string?>();
        }

        var rows = await connection.QueryAsync<(Guid Id, string? Language)>(new CommandDefinition(
            "SELECT id, language FROM auth.app_user WHERE id = ANY (@ids)", new { ids }, tx, cancellationToken: ct));
        return rows.ToDictionary(r => r.Id, r => r.Language);
    }
}
