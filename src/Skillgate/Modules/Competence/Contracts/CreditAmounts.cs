using System.Globalization;

namespace Skillgate.Modules.Competence.Contracts;

/// <summary>Continuing-education credits as people write them: 25, 2.5.</summary>
internal static class CreditAmounts
{
    public static string Format(decimal credits) => credits.ToString("0.#", CultureInfo.InvariantCulture);
}
