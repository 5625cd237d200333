using System.Text.Json;
using Skillgate.Modules.Training.Contracts;

namespace Skillgate.Modules.Training.Faces;

/// <summary>Reads the live capture a page's script put into a form field (wwwroot/js/face-pages.js).</summary>
internal static class FaceCapture
{
    /// <summary>The capture the page's script put in the form; anything unreadable counts as no capture (and fails validation).</summary>
    public static FaceInput? Parse(string? json)
    {
        try
        {
            return string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<FaceInput>(json, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
