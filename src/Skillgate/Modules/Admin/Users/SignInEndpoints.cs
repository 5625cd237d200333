using Microsoft.AspNetCore.Http.HttpResults;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Admin.Users;

internal static class SignInEndpoints
{
    public static void MapSignInEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me").WithTags("Sign-ins").RequireAuthorization();
        me.MapGet("/sign-ins", (CurrentUser user, SignIns signIns, CancellationToken ct) =>
                user.UserId is { } id ? signIns.OpenAsync(id, ct) : Task.FromResult<IReadOnlyList<SignInDto>>([]))
            .WithName("ListMySignIns").WithSummary("My open sign-ins; `current` marks this one.");
        me.MapPost("/sign-out-everywhere", async Task<Results<Ok<SignOutResult>, ForbidHttpResult>> (CurrentUser user, SignIns signIns, CancellationToken ct) =>
                user.UserId is { } id ? TypedResults.Ok(new SignOutResult(await signIns.EndEverywhereAsync(id, byAdministrator: false, ct))) : TypedResults.Forbid())
            .WithName("SignOutEverywhere").WithSummary("End all my sign-ins, this one included.");
    }
}

internal sealed record SignOutResult(int SignInsEnded);
