using Skillgate.Modules.Admin.Contracts;
using Skillgate.Modules.Admin.Users;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Admin;

internal static class AdminApi
{
    public static void MapAdminApi(this IEndpointRouteBuilder app)
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
        users.MapGet("/{id:guid}/history", async (Guid id, UserHandler h, AuditHistory history, CancellationToken ct) =>
            {
                await h.GetAsync(id, ct);
                return await history.ForEntityAsync("user", id, ct);
            })
            .WithName("GetUserHistory").WithSummary("The audit history of a user account (roles, scope, password resets).").RequireAuthorization(Permissions.UsersRead);

        app.MapGet("/api/v1/audit", async (string? entityType, string? actor, int? page, int? pageSize, AuditHistory history, CancellationToken ct) =>
            {
                var size = Math.Clamp(pageSize ?? 50, 1, 200);
                var (rows, total) = await history.PageAsync(entityType, actor, Math.Max(1, page ?? 1), size, ct);
                return new AuditPage(rows, total);
            })
            .WithTags("Audit").WithName("ListAuditEvents").WithSummary("The audit trail, newest first.").RequireAuthorization(Permissions.AuditRead);
        app.MapGet("/api/v1/audit/verify", (Npgsql.NpgsqlDataSource dataSource, CancellationToken ct) => AuditVerifier.VerifyAsync(dataSource, ct))
            .WithTags("Audit").WithName("VerifyAuditTrail").WithSummary("Walk the hash chain; report intact or the first broken row.").RequireAuthorization(Permissions.AuditRead);
    }
}

internal sealed record AuditPage(IReadOnlyList<AuditEntry> Items, long Total);
