using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Platform.Auth;

/// <summary>Password sign-in with lockout, and the claims a signed-in person carries.</summary>
internal sealed class AccountService(PlatformDb db, IPasswordHasher<AppUser> hasher, TimeProvider clock, AuditActor actor, AuthCache cache, AuthChanges changes, Texts t)
{
    public const int MaxFailedLogins = 5;

    private static readonly AppUser UnknownUser = new()
    {
        Id = Guid.Empty, UserName = "", DisplayName = "", SecurityStamp = Guid.Empty,
        PasswordHash = new PasswordHasher<AppUser>().HashPassword(null!, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))),
    };
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    public const int MinPasswordLength = 8;

    public enum SignInOutcome
    {
        Success,
        Invalid,
        LockedOut,
    }

    public async Task<(SignInOutcome Outcome, AppUser? User)> CheckPasswordAsync(string userName, string password, CancellationToken ct)
    {
        var normalized = userName.Trim().ToLowerInvariant();
        var user = await db.Set<AppUser>().FirstOrDefaultAsync(u => u.UserName.ToLower() == normalized, ct);
        if (user is null || !user.Active)
        {
            // As long as checking a real password, so the answer's timing does not tell which names exist.
            hasher.VerifyHashedPassword(UnknownUser, UnknownUser.PasswordHash, password);
            return (SignInOutcome.Invalid, null);
        }

        actor.ActAs(user.Id, user.UserName);
        var now = clock.GetUtcNow();
        if (user.LockedUntil is { } until && until > now)
        {
            return (SignInOutcome.LockedOut, null);
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            user.FailedLogins++;
            if (user.FailedLogins >= MaxFailedLogins)
            {
                user.FailedLogins = 0;
                user.LockedUntil = now + LockoutDuration;
            }

            await db.SaveChangesAsync(ct);
            return (user.LockedUntil > now ? SignInOutcome.LockedOut : SignInOutcome.Invalid, null);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
        }

        user.FailedLogins = 0;
        user.LockedUntil = null;
        await db.SaveChangesAsync(ct);
        return (SignInOutcome.Success, user);
    }

    /// <summary>The cookie's claims; <paramref name="signIn"/> names the open sign-in (<see cref="SignIns"/>) the cookie belongs to.</summary>
    public static ClaimsPrincipal Principal(AppUser user, Guid signIn)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.UserName),
            new(ClaimTypes.GivenName, user.DisplayName),
            new(SkillgateClaims.UserId, user.Id.ToString()),
            new(SkillgateClaims.Stamp, user.SecurityStamp.ToString()),
            new(SkillgateClaims.SignIn, signIn.ToString()),
        };
        if (user.EmployeeId is { } employeeId)
        {
            claims.Add(new Claim(SkillgateClaims.EmployeeId, employeeId.ToString()));
        }

        claims.AddRange(user.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    public void SetPassword(AppUser user, string password, bool mustChange)
    {
        user.PasswordHash = hasher.HashPassword(user, password);
        user.MustChangePassword = mustChange;
        user.SecurityStamp = Guid.NewGuid();
        cache.Forget(user.Id);
        user.FailedLogins = 0;
        user.LockedUntil = null;
    }

    public bool Verify(AppUser user, string password) =>
        hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;

    public async Task<AppUser> ChangeOwnPasswordAsync(Guid id, string current, string next, CancellationToken ct)
    {
        var user = await db.Set<AppUser>().FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw new NotFoundException("user");
        var v = new Validation();
        if (!Verify(user, current ?? ""))
        {
            v.Add("currentPassword", t["account.wrong_password"]);
        }

        ValidatePassword(v, "newPassword", next);
        if (next == current)
        {
            v.Add("newPassword", t["account.same_password"]);
        }

        v.ThrowIfInvalid();
        SetPassword(user, next, mustChange: false);
        await db.SaveChangesAsync(ct);
        await changes.UserChangedAsync(user.Id, ct);
        return user;
    }

    /// <summary>At least <see cref="MinPasswordLength"/> characters with letters and digits.</summary>
    public void ValidatePassword(Validation v, string field, string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinPasswordLength || !password.Any(char.IsLetter) || !password.Any(char.IsDigit))
        {
            v.Add(field, t["account.password_rule", MinPasswordLength]);
        }
    }
}
