using System.Security.Cryptography;

namespace Skillgate.Modules.Learning.Completions;

/// <summary>
/// Certificate numbers: year, sequence and a random check part, e.g. SGC-2026-000042-K7QF. The random part makes a number
/// that was guessed from the sequence fail verification.
/// </summary>
internal static class CertificateNumber
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string Create(int year, long sequence) =>
        $"SGC-{year}-{sequence:D6}-{RandomNumberGenerator.GetString(Alphabet, 4)}";

    /// <summary>Only characters a real number can contain, so anything else is answered "not found" without a lookup.</summary>
    public static bool LooksValid(string? number) =>
        number is { Length: > 0 and <= 40 } && number.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '-');
}
