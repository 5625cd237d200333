using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Admin.Contracts;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Admin.Users;

/// <summary>Accounts: roles, link to an employee, data scope, activation and password resets.</summary>
internal sealed class UserHandler(PlatformDb db, AccountService accounts, IOrganizationDirectory organization, AuthCache cache, AuthChanges changes, TimeProvider clock, Texts t)
{
    public async Task<IReadOnlyList<UserDto>> ListAsync(string? q, CancellationToken ct)
    {
        var users = db.Set<AppUser>().AsNoTracking().Include(u => u.Scopes).AsQueryable();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = "%" + q.Trim() + "%";
            users = users.Where(u => EF.Functions.ILike(u.UserName, pattern) || EF.Functions.ILike(u.DisplayName, pattern));
        }

        var now = clock.GetUtcNow();
        return (await users.OrderBy(u => u.UserName).ToListAsync(ct)).Select(u => ToDto(u, now)).ToList();
    }

    public async Task<UserDto> GetAsync(Guid id, CancellationToken ct)
    {
        var user = await db.Set<AppUser>().AsNoTracking().Include(u => u.Scopes).FirstOrDefaultAsync(u => u.Id == id, ct)
            ?? throw new NotFoundException("user");
        return ToDto(user, clock.GetUtcNow());
    }

    public async Task<UserDto> CreateAsync(UserCreate input, CancellationToken ct)
    {
        var v = new Validation();
        v.Require("userName", input.UserName, t["validation.required"]).MaxLength("userName", input.UserName, 60, t["validation.max_length", 60]);
        if (input.UserName is not null && input.UserName.Any(char.IsWhiteSpace))
        {
            v.Add("userName", t["validation.code_no_spaces"]);
        }

        accounts.ValidatePassword(v, "password", input.Password);
        await ValidateCommonAsync(v, input.DisplayName, input.Roles, input.EmployeeId, input.ScopeOrgUnitIds, ct);
        v.ThrowIfInvalid();
        var name = input.UserName!.Trim();
        if (await db.Set<AppUser>().AnyAsync(u => u.UserName.ToLower() == name.ToLower(), ct))
        {
            throw new RuleViolationException("duplicate_user", t["admin.user.duplicate", name]);
        }

        var user = new AppUser
        {
            Id = Guid.CreateVersion7(),
            UserName = name,
            DisplayName = input.DisplayName.Trim(),
            Roles = [.. input.Roles.Distinct()],
            EmployeeId = input.EmployeeId,
            ScopeAll = input.ScopeAll,
            CreatedAt = clock.GetUtcNow(),
            SecurityStamp = Guid.NewGuid(),
        };
        accounts.SetPassword(user, input.Password, mustChange: true);
        user.Scopes.AddRange((input.ScopeOrgUnitIds ?? []).Distinct().Select(id => new UserScope { UserId = user.Id, OrgUnitId = id }));
        db.Add(user);
        await db.SaveChangesAsync(ct);
        return await GetAsync(user.Id, ct);
    }

    public async Task<UserDto> UpdateAsync(Guid id, UserUpdate input, Guid? actingUserId, CancellationToken ct)
    {
        var user = await db.Set<AppUser>().Include(u => u.Scopes).FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw new NotFoundException("user");
        var v = new Validation();
        await ValidateCommonAsync(v, input.DisplayName, input.Roles, input.EmployeeId, input.ScopeOrgUnitIds, ct);
        v.ThrowIfInvalid();
        if (id == actingUserId && (!input.Active || !input.Roles.Contains(Roles.Administrator)))
        {
            throw new RuleViolationException("cannot_demote_self", t["admin.user.cannot_demote_self"]);
        }

        var scopes = (input.ScopeOrgUnitIds ?? []).Distinct().ToHashSet();
        var accessChanged = !user.Roles.ToHashSet().SetEquals(input.Roles) || user.ScopeAll != input.ScopeAll || user.Active != input.Active ||
                            !user.Scopes.Select(s => s.OrgUnitId).ToHashSet().SetEquals(scopes) || user.EmployeeId != input.EmployeeId;
        user.DisplayName = input.DisplayName.Trim();
        user.Roles = [.. input.Roles.Distinct()];
        user.EmployeeId = input.EmployeeId;
        user.ScopeAll = input.ScopeAll;
        user.Active = input.Active;
        user.Scopes.RemoveAll(s => !scopes.Contains(s.OrgUnitId));
        user.Scopes.AddRange(scopes.Where(s => user.Scopes.All(x => x.OrgUnitId != s)).Select(s => new UserScope { UserId = id, OrgUnitId = s }));
        if (accessChanged)
        {
            user.SecurityStamp = Guid.NewGuid();
            cache.Forget(id);
        }

        await db.SaveChangesAsync(ct);
        if (accessChanged)
        {
            await changes.UserChangedAsync(id, ct);
        }

        return await GetAsync(id, ct);
    }

    /// <summary>An administrator sets a temporary password; the user must change it at next sign-in.</summary>
    public async Task ResetPasswordAsync(Guid id, PasswordReset input, CancellationToken ct)
    {
        var user = await db.Set<AppUser>().FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw new NotFoundException("user");
        var v = new Validation();
        accounts.ValidatePassword(v, "newPassword", input.NewPassword);
        v.ThrowIfInvalid();
        accounts.SetPassword(user, input.NewPassword, mustChange: true);
        await db.SaveChangesAsync(ct);
        await changes.UserChangedAsync(id, ct);
    }

    private async Task ValidateCommonAsync(Validation v, string? displayName, IReadOnlyList<string>? roles, Guid? employeeId, IReadOnlyList<Guid>? scopeUnits, CancellationToken ct)
    {
        v.Require("displayName", displayName, t["validation.required"]).MaxLength("displayName", displayName, 60, t["validation.max_length", 60]);
        if (roles is null || roles.Count == 0 || roles.Any(r => !Roles.All.Contains(r)))
        {
            v.Add("roles", t["admin.user.roles_invalid"]);
        }

        if (employeeId is { } e && !await organization.EmployeeExistsAsync(e, ct))
        {
            v.Add("employeeId", t["org.employee.unknown"]);
        }

        if (scopeUnits is { Count: > 0 } && !await organization.AllOrgUnitsExistAsync(scopeUnits, ct))
        {
            v.Add("scopeOrgUnitIds", t["org.unit.unknown"]);
        }
    }

    private static UserDto ToDto(AppUser u, DateTimeOffset now) => new(
        u.Id, u.UserName, u.DisplayName, u.Roles, u.EmployeeId, u.ScopeAll, u.Scopes.Select(s => s.OrgUnitId).ToList(),
        u.Active, u.LockedUntil > now, u.Language);
}
