using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;

/// <summary>
/// The bare endpoint's one INSERT behind the app's own request pipeline: the same check-in request (cookie, JSON body) goes
/// through every middleware, sign-in and permission check and is bound as a check-in, then writes one row on a pooled
/// connection — no rules, audit or batching; and the same without the INSERT. What the pipeline costs next to <see cref="BareInsertEndpoint"/>.
/// </summary>
internal static class SignedInInsertEndpoint
{
    public const string Path = "/bench/signed-in-insert";

    /// <summary>The same, answering without the INSERT: the pipeline and sign-in alone.</summary>
    public const string PathWithoutInsert = "/bench/signed-in-nothing";

    /// <summary>The table both insert comparators write, readable and writable by the app's role.</summary>
    public const string Table = """
        CREATE TABLE bench_insert (id bigserial PRIMARY KEY, at timestamptz DEFAULT now(), payload text);
        GRANT USAGE ON SCHEMA public TO PUBLIC;
        GRANT INSERT ON bench_insert TO PUBLIC;
        GRANT USAGE ON SEQUENCE bench_insert_id_seq TO PUBLIC
        """;

    public static void Map(WebApplication app)
    {
        app.MapPost(Path, async (QrCheckInInput input, NpgsqlDataSource data, CancellationToken ct) =>
        {
            await using var cmd = data.CreateCommand("INSERT INTO bench_insert(payload) VALUES ('x')");
            await cmd.ExecuteNonQueryAsync(ct);
            return Results.Ok(new { input.Token });
        }).RequireAuthorization(Permissions.LearnSelf);
        app.MapPost(PathWithoutInsert, (QrCheckInInput input) => Results.Ok(new { input.Token })).RequireAuthorization(Permissions.LearnSelf);
    }
}
