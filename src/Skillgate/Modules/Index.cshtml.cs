using System.Diagnostics;
using Dapper;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;
using Skillgate.Platform.Data;

namespace Skillgate.Modules;

/// <summary>The first page after sign-in: the caller's own tiles (what is due, their qualifications, points, inbox) and, for those who read the organisation, its counts.</summary>
internal sealed class HomeModel(DataScope scope, CurrentUser me, NpgsqlDataSource dataSource, IEnumerable<HomeTile> tiles, ILogger<HomeModel> logger) : SkillgatePage
{
    public IReadOnlyList<(HomeTile Tile, object Model)> Tiles { get; private set; } = [];

    public sealed record Figures(long Units, long Active, long OnLeave, long Positions);

    public Figures? Counts { get; private set; }

    public Guid? OwnEmployeeId => me.EmployeeId;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var shown = new List<(HomeTile, object)>();
        foreach (var tile in tiles.OrderBy(t => t.Order))
        {
            if (!await CanAsync(tile.Permission))
            {
                continue;
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                if (await tile.LoadModel(HttpContext.RequestServices, ct) is { } model)
                {
                    shown.Add((tile, model));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One module's failure leaves its tile out; the rest of the home page still answers.
                logger.LogError(e, "The home tile {Tile} failed", tile.Key);
            }

            Response.Headers.Append("Server-Timing", FormattableString.Invariant($"tile-{tile.Key};dur={Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.0}"));
        }

        Tiles = shown;
        if (!await CanAsync(Permissions.OrgRead))
        {
            return;
        }

        var filter = await scope.GetAsync(ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        Counts = await connection.QuerySingleAsync<Figures>(new CommandDefinition(
            """
            SELECT (SELECT count(*) FROM org.org_unit_v WHERE active AND (@all OR id = ANY(@ids))) AS Units,
                   (SELECT count(*) FROM org.employee_v WHERE status = 'active' AND (@all OR org_unit_id = ANY(@ids))) AS Active,
                   (SELECT count(*) FROM org.employee_v WHERE status = 'on_leave' AND (@all OR org_unit_id = ANY(@ids))) AS OnLeave,
                   (SELECT count(*) FROM org.position_v WHERE active AND (@all OR org_unit_id = ANY(@ids))) AS Positions
            """, new { all = filter.All, ids = filter.Ids }, cancellationToken: ct));
    }
}
