using System.Security.Cryptography;

namespace Skillgate.Platform.Files;

/// <summary>
/// A 32-byte secret kept outside the database: the configured value (base64) when given — what several nodes share — else a
/// key file in the data folder's <c>keys</c> folder, created on first use, readable by this OS user only.
/// </summary>
internal static class KeyFile
{
    public static byte[] Load(string? configured, string settingName, string dataPath, string fileName)
    {
        if (configured is { Length: > 0 })
        {
            var bytes = Convert.FromBase64String(configured);
            return bytes.Length == 32 ? bytes : throw new InvalidOperationException($"{settingName} must be 32 bytes in base64");
        }

        var folder = Path.Combine(dataPath, "keys");
        var file = Path.Combine(folder, fileName);
        Directory.CreateDirectory(folder);
        try
        {
            var fresh = RandomNumberGenerator.GetBytes(32);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var stream = new FileStream(file, options);
            stream.Write(fresh);
            return fresh;
        }
        catch (IOException) when (File.Exists(file))
        {
            var existing = File.ReadAllBytes(file);
            return existing.Length == 32 ? existing : throw new InvalidOperationException($"{file} must hold a 32-byte key");
        }
    }
}
