using System.Security.Claims;

namespace Skillgate.Platform.Auth;

/// <summary>The caller of this request, read from its claims.</summary>
internal sealed class CurrentUser(IHttpContextAccessor http)
{
    public ClaimsPrincipal Principal => http.HttpContext?.User ?? new ClaimsPrincipal();

    public bool IsAuthenticated => Principal.Identity?.IsAuthenticated == true;

    public Guid? UserId => Guid.TryParse(Principal.FindFirstValue(SkillgateClaims.UserId), out var id) ? id : null;

    public Guid? EmployeeId => Guid.TryParse(Principal.FindFirstValue(SkillgateClaims.EmployeeId), out var id) ? id : null;

    public Guid? ApiKeyId => Guid.TryParse(Principal.FindFirstValue(SkillgateClaims.ApiKeyId), out var id) ? id : null;

    /// <summary>The administrator who created the calling API key; background work started by the key runs as them.</summary>
    public Guid? ApiKeyCreator => Guid.TryParse(Principal.FindFirstValue(SkillgateClaims.ApiKeyOwner), out var id) ? id : null;

    public string? Stamp => Principal.FindFirstValue(SkillgateClaims.Stamp);

    public Guid? SignInId => Guid.TryParse(Principal.FindFirstValue(SkillgateClaims.SignIn), out var id) ? id : null;

    public string Name => Principal.Identity?.Name ?? "";

    public bool IsInRole(string role) => Principal.IsInRole(role);
}
