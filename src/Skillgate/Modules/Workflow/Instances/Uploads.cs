using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Files;

namespace Skillgate.Modules.Workflow.Instances;

/// <summary>A step's form as a page posts it: the <c>Form[key]</c> inputs, and the files of its file fields.</summary>
internal static class Uploads
{
    /// <summary>
    /// The posted <c>Form[key]</c> values only (model binding would fall back to every posted input when a step has no fields).
    /// </summary>
    public static Dictionary<string, string?> Fields(HttpRequest request) =>
        request.Form.Keys.Where(k => k.StartsWith("Form[", StringComparison.Ordinal) && k.EndsWith(']'))
            .ToDictionary(k => k[5..^1], k => (string?)request.Form[k].ToString(), StringComparer.Ordinal);

    /// <summary>Stores the files posted for the file fields (checked by content and size) and puts their ids into the form.</summary>
    public static async Task SaveAsync(HttpRequest request, IReadOnlyList<FieldDef> fields, Dictionary<string, string?> form, FileStore files, PlatformDb db, CancellationToken ct)
    {
        var saved = false;
        foreach (var field in fields.Where(f => f.Type == "file"))
        {
            if (request.Form.Files.GetFile("file_" + field.Key) is { Length: > 0 } upload)
            {
                await using var stream = upload.OpenReadStream();
                form[field.Key] = (await files.SaveAsync(stream, upload.FileName, upload.Length, FileKinds.Documents, ct)).Id.ToString();
                saved = true;
            }
        }

        if (saved)
        {
            await db.SaveChangesAsync(ct);
        }
    }
}
