using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Quality.Ingestion;

/// <summary>Field checks for one record of an ingestion, named "where.field" (where = "[3]" for the API, "row 5" for a file).</summary>
internal sealed class ItemCheck(Validation validation, string where, Texts t)
{
    public bool Failed { get; private set; }

    public void Error(string field, string message)
    {
        Failed = true;
        validation.Add($"{where}.{field}", message);
    }

    public string Text(string field, string? value, int max = 200, bool required = true)
    {
        var text = value?.Trim() ?? "";
        if (required && text.Length == 0)
        {
            Error(field, t["validation.required"]);
        }
        else if (text.Length > max)
        {
            Error(field, t["validation.max_length", max]);
        }

        return text;
    }

    public T Required<T>(string field, T? value)
        where T : struct
    {
        if (value is null)
        {
            Error(field, t["validation.required"]);
        }

        return value.GetValueOrDefault();
    }

    public TRef Known<TRef>(string field, string? code, TRef? found, string unknownKey)
        where TRef : struct
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            Error(field, t["validation.required"]);
        }
        else if (found is null)
        {
            Error(field, t[unknownKey, code.Trim()]);
        }

        return found.GetValueOrDefault();
    }

    public TRef? Optional<TRef>(string field, string? code, TRef? found, string unknownKey)
        where TRef : struct
    {
        if (!string.IsNullOrWhiteSpace(code) && found is null)
        {
            Error(field, t[unknownKey, code.Trim()]);
        }

        return found;
    }

    public string OneOf(string field, string? value, IReadOnlyCollection<string> allowed)
    {
        var v = value?.Trim().ToLowerInvariant() ?? "";
        if (!allowed.Contains(v))
        {
            Error(field, t["quality.one_of", string.Join(", ", allowed)]);
        }

        return v;
    }
}
