using System.Globalization;

namespace Skillgate.Platform.Web;

/// <summary>
/// What text the system accepts. NUL cannot be stored by PostgreSQL (nor in a jsonb audit record) and a lone surrogate
/// cannot be encoded as UTF-8, so no text anywhere may hold either. Codes and numbers people type, print and scan also
/// refuse control characters and the invisible marks that reorder or hide text (bidirectional overrides, zero-width marks).
/// </summary>
internal static class TextRules
{
    /// <summary>Dates people enter (hire dates, effective dates, …) lie between this year and a year ahead.</summary>
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);

    public static bool IsStorable(string value) => FirstUnstorable(value) < 0;

    /// <summary>The index of the first NUL or lone surrogate, or -1.</summary>
    public static int FirstUnstorable(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return i;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                    continue;
                }

                return i;
            }

            if (char.IsLowSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }

    public static bool IsCleanCode(string value)
    {
        if (!IsStorable(value))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) || IsInvisibleFormat(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A date a person can have entered: not before 1900 and not more than a year after <paramref name="today"/>.</summary>
    public static bool IsSaneDate(DateOnly value, DateOnly today) => value >= EarliestDate && value <= today.AddYears(1);

    /// <summary>
    /// A value written as an ISO date or timestamp whose year lies before 1900 or after 2199: no record of people at work
    /// has one, and date arithmetic on year 1 or 9999 overflows.
    /// </summary>
    public static bool IsAbsurdDate(string value)
    {
        if (value.Length < 10 || value.Length > 40 || !char.IsAsciiDigit(value[0]) || value[4] != '-' || value[7] != '-')
        {
            return false;
        }

        if (!int.TryParse(value.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _) && !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return false;
        }

        return year < EarliestDate.Year || year > 2199;
    }

    private static bool IsInvisibleFormat(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format
        || c is '\u2028' or '\u2029';
}
