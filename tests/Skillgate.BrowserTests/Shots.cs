using Microsoft.Playwright;

namespace Skillgate.BrowserTests;

/// <summary>Screenshots for the README tour: written to SKILLGATE_SCREENSHOTS (docs/screenshots) when set, else to a temp folder.</summary>
internal static class Shots
{
    private static readonly string Folder = Environment.GetEnvironmentVariable("SKILLGATE_SCREENSHOTS") is { Length: > 0 } dir
        ? dir
        : Path.Combine(Path.GetTempPath(), "skillgate-screenshots");

    public static async Task TakeAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, name + ".png"), FullPage = false });
    }
}
