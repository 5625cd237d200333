namespace Skillgate.Platform.Web;

/// <summary>Bad input: 400 with the field names and messages in the caller's language.</summary>
internal sealed class ValidationFailedException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("Validation failed: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>A business rule refused the change: 409 with a stable reason code and a localized message.</summary>
internal sealed class RuleViolationException(string code, string message, IReadOnlyDictionary<string, object?>? details = null) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>Facts the caller needs to act on the refusal (e.g. the open attempt to continue).</summary>
    public IReadOnlyDictionary<string, object?>? Details { get; } = details;
}

/// <summary>The caller may see the record but is not the one who may do this to it (e.g. complete a step they are not responsible for): 403.</summary>
internal sealed class ForbiddenException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>The record does not exist or lies outside the caller's data scope (both answer 404).</summary>
internal sealed class NotFoundException(string what) : Exception(what);

/// <summary>Collects field errors and throws them together.</summary>
internal sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
        return this;
    }

    public Validation Require(string field, string? value, string message) =>
        string.IsNullOrWhiteSpace(value) ? Add(field, message) : this;

    public Validation MaxLength(string field, string? value, int max, string message) =>
        value is not null && value.Length > max ? Add(field, message) : this;

    /// <summary>A code or number people type, print and scan: no control characters or invisible marks (<see cref="TextRules.IsCleanCode"/>).</summary>
    public Validation Code(string field, string? value, string message) =>
        value is not null && !TextRules.IsCleanCode(value) ? Add(field, message) : this;

    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new ValidationFailedException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}
