using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Learning.Completions;
using Skillgate.Modules.Learning.Contracts;

namespace Skillgate.Modules.Learning.Certificates;

/// <summary>The public page the certificate's QR code opens: genuine or not found, and whether it is current.</summary>
internal sealed class VerifyModel(CertificateQueries certificates) : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
{
    public CertificateVerification Result { get; private set; } = null!;

    public string Number { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        Number = number;
        Result = await certificates.VerifyAsync(number, ct);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
