using System.Text.Json;
using FluentAssertions;
using Skillgate.Platform.Localization;
using Xunit;

namespace Skillgate.Tests.Walls;

/// <summary>
/// Texts beside their features (issue 18): each module keeps its zh-CN and en texts in <c>texts.zh-CN.json</c> and
/// <c>texts.en.json</c> next to its code; every pair holds the same keys with a text for each, a key lives in one module only,
/// and every file is embedded in the app.
/// </summary>
public sealed class TextFileTests
{
    [Fact]
    public void Each_folders_texts_have_both_languages_for_the_same_keys_and_no_key_is_defined_twice()
    {
        var folders = Directory.GetFiles(ModuleWalls.Source, "texts.zh-CN.json", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(Path.GetDirectoryName).ToList();
        folders.Should().HaveCountGreaterThan(8, "each module keeps its own texts");
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var folder in folders)
        {
            var relative = Path.GetRelativePath(ModuleWalls.Source, folder!);
            var zh = Read(Path.Combine(folder!, "texts.zh-CN.json"));
            var en = File.Exists(Path.Combine(folder!, "texts.en.json")) ? Read(Path.Combine(folder!, "texts.en.json")) : [];
            problems.AddRange(zh.Keys.Except(en.Keys).Select(k => $"{relative}: {k} has no English text"));
            problems.AddRange(en.Keys.Except(zh.Keys).Select(k => $"{relative}: {k} has no Chinese text"));
            problems.AddRange(zh.Concat(en).Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => $"{relative}: {kv.Key} is empty"));
            foreach (var key in zh.Keys)
            {
                if (!owners.TryAdd(key, relative))
                {
                    problems.Add($"{key} is defined in {owners[key]} and {relative}");
                }
            }
        }

        problems.Should().BeEmpty();
        // Set differences, not BeEquivalentTo: that compares thousands of keys pairwise and took minutes.
        var embedded = new Texts().For("en").Keys.ToHashSet(StringComparer.Ordinal);
        embedded.Except(owners.Keys).Should().BeEmpty("every embedded text comes from a texts file");
        owners.Keys.Except(embedded).Should().BeEmpty("every texts file is embedded in the app");
    }

    private static Dictionary<string, string> Read(string file) => JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file))!;
}
