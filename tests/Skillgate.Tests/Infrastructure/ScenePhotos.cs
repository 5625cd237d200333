namespace Skillgate.Tests.Infrastructure;

/// <summary>Ten real photographs of different scenes (tests/Skillgate.Tests/Photos, licences in SOURCES.md there).</summary>
public static class ScenePhotos
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Photos");

    public static IReadOnlyList<string> Names { get; } =
        [.. Directory.EnumerateFiles(Folder).Select(Path.GetFileName).OfType<string>().Where(n => n.EndsWith(".jpg", StringComparison.Ordinal) || n.EndsWith(".png", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Folder, name));
}
