using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Learning.Completions;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Certificates;

/// <summary>The printable A4 certificate with a QR code that opens the public verification page.</summary>
[Authorize(Policy = Permissions.LearnSelf)]
internal sealed class PrintModel(CertificateQueries certificates, IConfiguration configuration) : SkillgatePage
{
    public CertificateDto Certificate { get; private set; } = null!;

    public string VerifyUrl { get; private set; } = "";

    public string QrSvg { get; private set; } = "";

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => PageOr404Async(async () =>
    {
        Certificate = await certificates.GetAsync(id, await CanAsync(Permissions.LearningRead), ct);
        var baseUrl = configuration["Skillgate:PublicUrl"]?.TrimEnd('/') ?? $"{Request.Scheme}://{Request.Host}";
        VerifyUrl = $"{baseUrl}/verify/{Uri.EscapeDataString(Certificate.Number)}";
        QrSvg = Platform.Web.QrSvg.Render(VerifyUrl);
    });
}
