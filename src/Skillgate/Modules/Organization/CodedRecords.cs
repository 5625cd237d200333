using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Organization.Domain;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Organization;

/// <summary>The rules every coded record of the organisation shares: its code and name, and that no two have the same code.</summary>
internal static class CodedRecords
{
    public const int MaxCodeLength = 40;

    public const int MaxNameLength = 100;

    public static Validation RecordCode(this Validation v, string? code, Texts t) =>
        v.Require("code", code, t["validation.required"]).MaxLength("code", code, MaxCodeLength, t["validation.max_length", MaxCodeLength])
            .Code("code", code, t["validation.code_characters"]);

    public static Validation RecordName(this Validation v, string? name, Texts t) =>
        v.Require("name", name, t["validation.required"]).MaxLength("name", name, MaxNameLength, t["validation.max_length", MaxNameLength]);

    /// <summary>409 when another record already has the code (compared without case).</summary>
    public static async Task EnsureCodeFreeAsync<T>(IQueryable<T> records, string code, Texts t, CancellationToken ct)
        where T : class, ICodedRecord
    {
        var normalized = code.Trim().ToLowerInvariant();
        if (await records.AnyAsync(r => r.Code.ToLower() == normalized, ct))
        {
            throw new RuleViolationException("duplicate_code", t["org.duplicate_code", code.Trim()]);
        }
    }
}
