using System.Security.Cryptography;
using Skillgate.Platform.Data;
using Skillgate.Platform.Files;

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
    private readonly Lazy<byte[]> key = new(() => KeyFile.Load(configuration["Skillgate:Faces:TemplateKey"], "Skillgate:Faces:TemplateKey", runtime.DataPath, "face-templates.key"));

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
}
