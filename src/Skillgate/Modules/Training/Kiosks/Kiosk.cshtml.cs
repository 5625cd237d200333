using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Skillgate.Modules.Training.Kiosks;

/// <summary>The kiosk app shell: everything happens in kiosk.js with the device token, and keeps working offline.</summary>
internal sealed class KioskModel : PageModel
{
    public void OnGet() => Response.Headers.CacheControl = "no-cache";
}
