using System.Diagnostics;
using System.Text.Json;

namespace Skillgate.Tests.Infrastructure;

/// <summary>
/// Real photographs with a known number of faces (cut from the MIT-licensed sample pictures in the npm package
/// @vladmandic/human by tests/tools/face-photos.mjs), and the live captures the browser would send for two of them, computed
/// by the real face models. Made once per test run.
/// </summary>
public static class FacePhotos
{
    private static readonly Lazy<string> Folder = new(Make);

    /// <summary>one.jpg (1 face), three.jpg (3 faces), other.jpg and portrait.jpg (1 face each, two different people).</summary>
    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Folder.Value, name));

    /// <summary>The portrait as a one-frame MJPEG stream for Chromium's fake camera.</summary>
    public static string CameraFile => Path.Combine(Folder.Value, "face.mjpeg");

    /// <summary>What the browser sends for a live capture of portrait.jpg or other.jpg: { descriptor, real, live }.</summary>
    public static JsonElement Capture(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder.Value, "captures.json")));
        return doc.RootElement.GetProperty(name).Clone();
    }

    private static string Make()
    {
        var folder = Path.Combine(Path.GetTempPath(), "skillgate-face-photos-" + Environment.ProcessId);
        var script = Path.Combine(PlatformTests.RepoRoot(), "tests", "tools", "face-photos.mjs");
        using var node = Process.Start(new ProcessStartInfo("node", [script, folder]) { RedirectStandardError = true, UseShellExecute = false })!;
        var errors = node.StandardError.ReadToEnd();
        node.WaitForExit();
        return node.ExitCode == 0 ? folder : throw new InvalidOperationException("face-photos.mjs failed: " + errors);
    }
}
