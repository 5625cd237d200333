using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Points.Certifications;

/// <summary>The printable certificate of a certification granted at a points threshold (the holder's own, or one in the reader's scope).</summary>
[Authorize(Policy = Permissions.PointsSelf)]
internal sealed class PrintModel(CertificationHandler certifications) : SkillgatePage
{
    public CertificationDto Certificate { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => PageOr404Async(async () => Certificate = await certifications.GetAsync(id, ct));
}
