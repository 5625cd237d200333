using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Skillgate.Platform.Audit;

/// <summary>
/// A signed statement of the chain's head: "position <see cref="Seq"/> had hash <see cref="Hash"/> at <see cref="At"/>".
/// <see cref="Mac"/> is HMAC-SHA256, with the checkpoint key, over <c>seq|hash|at</c> (at as ISO 8601 UTC with 7 decimals).
/// </summary>
internal sealed record AuditCheckpoint(long Seq, string Hash, DateTimeOffset At, string Node, string Mac)
{
    /// <remarks>The time is kept to whole microseconds, which every language's clock types can write back exactly.</remarks>
    public static AuditCheckpoint Sign(long seq, string hash, DateTimeOffset at, string node, byte[] key)
    {
        var utc = new DateTimeOffset(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);
        return new(seq, hash, utc, node, Convert.ToHexStringLower(HMACSHA256.HashData(key, Message(seq, hash, utc))));
    }

    public bool IsSignedWith(byte[] key)
    {
        try
        {
            return CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, Message(Seq, Hash, At)), Convert.FromHexString(Mac));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static byte[] Message(long seq, string hash, DateTimeOffset at) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{seq}|{hash}|{at.ToUniversalTime():yyyy-MM-ddTHH:mm:ss.fffffffZ}"));
}
