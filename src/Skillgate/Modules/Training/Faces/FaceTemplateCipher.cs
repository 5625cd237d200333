using System.Security.Cryptography;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Training.Faces;

/// <summary>
/// Encrypts face descriptors at rest (AES-256-GCM, the employee id as associated data so a template cannot be moved to another
/// person). The key is <c>Skillgate:Faces:TemplateKey</c> (base64, 32 bytes) or a key file created in the data folder, never
/// the database, so a database copy alone does not reveal anyone's face.
/// </summary>
internal sealed class FaceTemplateCipher(IConfiguration configuration, DatabaseRuntime runtime)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly Lazy<byte[]> key = new(() => LoadKey(configuration, runtime.DataPath));

    public byte[] Encrypt(Guid employeeId, float[] descriptor)
    {
        var plain = new byte[descriptor.Length * sizeof(float)];
        Buffer.BlockCopy(descriptor, 0, plain, 0, plain.Length);
        var sealedBytes = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key.Value, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), employeeId.ToByteArray());
        return sealedBytes;
    }

    /// <summary>The descriptor, or null when it cannot be read with this key (e.g. enrolled under another key): enrol again.</summary>
    public float[]? Decrypt(Guid employeeId, byte[] sealedBytes)
    {
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            return null;
        }

        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key.Value, TagSize);
        try
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plain, employeeId.ToByteArray());
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        var descriptor = new float[plain.Length / sizeof(float)];
        Buffer.BlockCopy(plain, 0, descriptor, 0, plain.Length);
        return descriptor;
    }

    private static byte[] LoadKey(IConfiguration configuration, string dataPath)
    {
        if (configuration["Skillgate:Faces:TemplateKey"] is { Length: > 0 } configured)
        {
            var bytes = Convert.FromBase64String(configured);
            return bytes.Length == 32 ? bytes : throw new InvalidOperationException("Skillgate:Faces:TemplateKey must be 32 bytes in base64");
        }

        // One node: a key file in the data folder. Several nodes must share Skillgate:Faces:TemplateKey instead.
        var folder = Path.Combine(dataPath, "keys");
        var file = Path.Combine(folder, "face-templates.key");
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
