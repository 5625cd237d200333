using Microsoft.AspNetCore.Http.HttpResults;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using HttpResults = Microsoft.AspNetCore.Http.HttpResults;

namespace Skillgate.Modules.Training.Kiosks;

internal static class KioskEndpoints
{
    public static void MapKioskEndpoints(this IEndpointRouteBuilder app)
    {
        var kiosks = app.MapGroup("/api/v1/kiosks").WithTags("Training: kiosks").RequireAuthorization(Permissions.ApiKeys);
        kiosks.MapGet("/", (KioskHandler h, CancellationToken ct) => h.ListAsync(ct))
            .WithName("ListKiosks").WithSummary("Registered shop-floor kiosks.");
        kiosks.MapPost("/", async (KioskInput input, KioskHandler h, CancellationToken ct) =>
            {
                var created = await h.RegisterAsync(input, ct);
                return TypedResults.Created($"/api/v1/kiosks/{created.Kiosk.Id}", created);
            })
            .WithName("RegisterKiosk").WithSummary("Register a kiosk; its device token is shown once.");
        kiosks.MapPost("/{id:guid}/deactivate", async (Guid id, KioskHandler h, CancellationToken ct) =>
            {
                await h.DeactivateAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("DeactivateKiosk").WithSummary("Revoke a kiosk's token.");

        var kiosk = app.MapGroup("/api/v1/kiosk").WithTags("Training: kiosks").AllowAnonymous();
        kiosk.MapGet("/sessions", async Task<HttpResults.Results<Ok<IReadOnlyList<KioskSession>>, UnauthorizedHttpResult>> (HttpContext http, KioskHandler h, CancellationToken ct) =>
            {
                if (await h.AuthenticateAsync(http.Request.Headers[KioskHandler.Header], ct) is not { } device)
                {
                    return TypedResults.Unauthorized();
                }

                using var registered = SqlScope.AsSystem();
                return TypedResults.Ok(await h.SessionsAsync(device, ct));
            })
            .WithName("KioskSessions").WithSummary("For a kiosk (X-Kiosk-Token): sessions from 12 h ago to 12 h ahead with their rosters.");
        kiosk.MapPost("/check-ins", async Task<HttpResults.Results<Ok<KioskSyncResult>, UnauthorizedHttpResult>> (KioskSyncInput input, HttpContext http, KioskHandler h, CancellationToken ct) =>
            {
                if (await h.AuthenticateAsync(http.Request.Headers[KioskHandler.Header], ct) is not { } device)
                {
                    return TypedResults.Unauthorized();
                }

                // A registered kiosk checks in whoever is on its sessions' rosters, from any unit.
                using var registered = SqlScope.AsSystem();
                return TypedResults.Ok(await h.SyncAsync(device, input, ct));
            })
            .WithName("KioskSync").WithSummary("For a kiosk: check-ins taken (also offline), each with its idempotency key and the device's time; safe to repeat.");
    }
}
