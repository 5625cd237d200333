using Skillgate.Modules.Admin.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Admin.Users;

internal static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/v1/users").WithTags("Users");
        users.MapGet("/", (string? q, UserHandler h, CancellationToken ct) => h.ListAsync(q, ct))
            .WithName("ListUsers").WithSummary("User accounts.").RequireAuthorization(Permissions.UsersRead);
        users.MapGet("/{id:guid}", (Guid id, UserHandler h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetUser").WithSummary("One user account.").RequireAuthorization(Permissions.UsersRead);
        users.MapPost("/", async (UserCreate input, UserHandler h, CancellationToken ct) =>
            {
                var created = await h.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/users/{created.Id}", created);
            })
            .WithName("CreateUser").WithSummary("Create a user with roles and data scope; the password must be changed at first sign-in.").RequireAuthorization(Permissions.UsersWrite);
        users.MapPut("/{id:guid}", (Guid id, UserUpdate input, UserHandler h, CurrentUser me, CancellationToken ct) => h.UpdateAsync(id, input, me.UserId, ct))
            .WithName("UpdateUser").WithSummary("Change roles, employee link, data scope or activation.").RequireAuthorization(Permissions.UsersWrite);
        users.MapPost("/{id:guid}/reset-password", async (Guid id, PasswordReset input, UserHandler h, CancellationToken ct) =>
            {
                await h.ResetPasswordAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .WithName("ResetUserPassword").WithSummary("Set a temporary password and unlock the account.").RequireAuthorization(Permissions.UsersWrite);
        users.MapGet("/{id:guid}/history", (Guid id, UserHandler h, AuditHistory history, CancellationToken ct) => history.ForVisibleAsync(h.GetAsync(id, ct), "user", id, ct))
            .WithName("GetUserHistory").WithSummary("The audit history of a user account (roles, scope, password resets).").RequireAuthorization(Permissions.UsersRead);

        users.MapGet("/{id:guid}/sign-ins", async (Guid id, UserHandler h, SignIns signIns, CancellationToken ct) =>
            {
                await h.GetAsync(id, ct);
                return await signIns.OpenAsync(id, ct);
            })
            .WithName("ListUserSignIns").WithSummary("The user's open sign-ins (browsers and phones signed in).").RequireAuthorization(Permissions.UsersRead);
        users.MapPost("/{id:guid}/sign-out-everywhere", async (Guid id, UserHandler h, SignIns signIns, CancellationToken ct) =>
            {
                await h.GetAsync(id, ct);
                return new SignOutResult(await signIns.EndEverywhereAsync(id, byAdministrator: true, ct));
            })
            .WithName("SignOutUserEverywhere").WithSummary("End every open sign-in of the user: each copy of their cookies stops working on every node.")
            .RequireAuthorization(Permissions.UsersWrite);
    }
}
