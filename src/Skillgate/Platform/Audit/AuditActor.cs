using System.Security.Claims;
using Skillgate.Platform.Auth;

namespace Skillgate.Platform.Audit;

/// <summary>Who is changing data: the signed-in user or API key of the request, or a named system actor.</summary>
internal sealed class AuditActor(IHttpContextAccessor http)
{
    private (Guid? Id, string Name)? _override;

    public void ActAs(Guid? id, string name) => _override = (id, name);

    public (Guid? Id, string Name) Current
    {
        get
        {
            if (_override is { } o)
            {
                return o;
            }

            var user = http.HttpContext?.User;
            if (user?.Identity?.IsAuthenticated != true)
            {
                return (null, "system");
            }

            var id = Guid.TryParse(user.FindFirstValue(SkillgateClaims.UserId), out var g) ? g : (Guid?)null;
            return (id, user.Identity.Name ?? "?");
        }
    }
}
