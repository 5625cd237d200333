using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Modules.Training.Evidence;
using Skillgate.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Skillgate.Tests;

/// <summary>
/// Near-duplicate session photos on real photographs: copies of an earlier session's photo (re-encoded, resized, cropped, EXIF
/// edited) are flagged and linked to it, different photographs are not; photos taken after the session are flagged; pictures
/// that do not decode, or claim more pixels than allowed, are refused and leave nothing behind.
/// </summary>
public sealed class PhotoSimilarityTests(SkillgateFactory factory, ITestOutputHelper output) : TrainingTestBase(factory), IClassFixture<SkillgateFactory>
{
    private const long MaxPixels = 64_000_000;

    private static readonly DateTimeOffset Edited = new(2026, 11, 21, 9, 30, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Hamming_distance_counts_the_differing_bits_and_takes_the_closer_of_whole_and_centre()
    {
        PerceptualHash.Distance(0, -1).Should().Be(64);
        PerceptualHash.Distance(0b1011, 0b0001).Should().Be(2);
        PerceptualHash.Distance(new PerceptualHash.Value(0, 0b111), new PerceptualHash.Value(0b1, 0)).Should().Be(0, "the new whole picture matches the earlier one's centre");
        PerceptualHash.Distance(new PerceptualHash.Value(0b11, 0), new PerceptualHash.Value(0, 0b1)).Should().Be(0, "the new centre matches the earlier whole picture");
        PerceptualHash.Distance(new PerceptualHash.Value(0b0011, 0xF00), new PerceptualHash.Value(0b1100, 0xF00)).Should().Be(4, "two centres are not compared");
    }

    [Fact]
    public void Copies_of_each_photograph_are_within_the_similarity_distance_and_different_photographs_are_beyond_it()
    {
        var hashes = ScenePhotos.Names.ToDictionary(n => n, n => Hash(ScenePhotos.Bytes(n)));
        var copies = new List<int>();
        foreach (var name in ScenePhotos.Names)
        {
            var measured = Copies(ScenePhotos.Bytes(name)).Select(c =>
            {
                var copy = Hash(c.Bytes);
                // Both orders: the copy uploaded after its original, and the original uploaded after its copy.
                var (after, before) = (PerceptualHash.Distance(copy, hashes[name]), PerceptualHash.Distance(hashes[name], copy));
                copies.AddRange([after, before]);
                return $"{c.Name}={after}/{before}";
            });
            output.WriteLine($"{name}: {string.Join(", ", measured)}");
        }

        var different = new List<int>();
        foreach (var (a, i) in ScenePhotos.Names.Select((n, i) => (n, i)))
        {
            var row = ScenePhotos.Names.Select((b, j) => i == j ? "  -" : $"{PerceptualHash.Distance(hashes[a], hashes[b]),3}").ToList();
            different.AddRange(ScenePhotos.Names.Where(b => b != a).Select(b => PerceptualHash.Distance(hashes[a], hashes[b])));
            output.WriteLine($"{a,-26}{string.Join("", row)}");
        }

        output.WriteLine($"copies: {copies.Min()}–{copies.Max()}; different photographs: {different.Min()}–{different.Max()}; similar up to {PerceptualHash.SimilarDistance}");
        ScenePhotos.Names.Should().HaveCount(10);
        copies.Should().OnlyContain(d => d <= PerceptualHash.SimilarDistance);
        different.Should().OnlyContain(d => d > PerceptualHash.SimilarDistance);
    }

    [Fact]
    public async Task Copies_of_an_earlier_sessions_photo_are_flagged_similar_linking_it_while_different_photographs_and_copies_in_the_same_session_are_not()
    {
        var a = await ActorsAsync("PS");
        var course = await ClassroomCourseAsync(a, "PS-CLS", null);
        var now = App.Clock.GetUtcNow();
        var originals = new Dictionary<string, (SessionDto Session, SessionPhotoDto Photo)>();
        foreach (var name in ScenePhotos.Names)
        {
            var session = await SessionAsync(a, course, "场景 " + name, now);
            var photo = await UploadAsync(a.Hr, session.Id, ScenePhotos.Bytes(name), name);
            photo.Flags.Should().NotContain("photo_similar", $"{name} is a different photograph from the ones before it").And.NotContain("photo_reused");
            photo.SimilarToPhotoId.Should().BeNull();
            originals[name] = (session, photo);
        }

        var (first, original) = originals["temple_china.jpg"];
        var bytes = ScenePhotos.Bytes("temple_china.jpg");
        var sameSession = await UploadAsync(a.Hr, first.Id, Reencoded(bytes, 85));
        sameSession.Flags.Should().NotContain("photo_similar", "photos of one session are not compared with each other");
        sameSession.SimilarToPhotoId.Should().BeNull();

        var second = await SessionAsync(a, course, "第二场", now.AddDays(1));
        var copies = Copies(bytes);
        foreach (var (kind, copyBytes) in copies)
        {
            var copy = await UploadAsync(a.Hr, second.Id, copyBytes);
            copy.Flags.Should().Contain("photo_similar", kind).And.NotContain("photo_reused", kind);
            copy.SimilarToPhotoId.Should().Be(original.Id, $"the {kind} copy links the photo's first use");
            copy.SimilarToSessionId.Should().Be(first.Id);
            copy.SimilarToSessionTitle.Should().Be(first.Title);
        }

        var listed = await ReadAsync<List<SessionPhotoDto>>(await a.Hr.GetAsync($"/api/v1/sessions/{second.Id}/photos"), HttpStatusCode.OK);
        listed.Should().HaveCount(copies.Count).And.OnlyContain(p => p.SimilarToPhotoId == original.Id && p.SimilarToSessionId == first.Id);
        (await CountAsync($"training.session_photo WHERE session_id = '{second.Id}' AND similar_to = '{original.Id}' AND 'photo_similar' = ANY (flags)")).Should().Be(copies.Count);
        var page = await a.Hr.GetStringAsync($"/Training/Sessions/Details?id={second.Id}");
        page.Should().Contain("near-duplicate of another session").And.Contain($"href=\"/Training/Sessions/Details?id={first.Id}#photo-{original.Id}\"");
        (await a.Hr.GetStringAsync($"/Training/Sessions/Details?id={first.Id}")).Should().Contain($"id=\"photo-{original.Id}\"");
    }

    [Fact]
    public async Task A_photo_taken_more_than_the_tolerance_after_the_session_ended_is_flagged_after_session()
    {
        var a = await ActorsAsync("PA");
        var course = await ClassroomCourseAsync(a, "PA-CLS", null);
        var session = await SessionAsync(a, course, "下午班", App.Clock.GetUtcNow());
        var picture = Pattern();
        (await UploadAsync(a.Hr, session.Id, ExifJpeg.Create(session.EndsAt.AddMinutes(29), salt: "leaving", photo: picture))).Flags
            .Should().NotContain("after_session", "30 minutes after the end are tolerated by default");
        (await UploadAsync(a.Hr, session.Id, ExifJpeg.Create(session.EndsAt.AddMinutes(31), salt: "late", photo: picture))).Flags.Should().Contain("after_session");
        (await UploadAsync(a.Hr, session.Id, ExifJpeg.Create(session.StartsAt.AddMinutes(10), salt: "during", photo: picture))).Flags.Should().NotContain("after_session");
        (await a.Hr.GetStringAsync($"/Training/Sessions/Details?id={session.Id}")).Should().Contain("taken after the session");
    }

    [Fact]
    public async Task Pictures_that_do_not_decode_or_claim_too_many_pixels_are_refused_with_400_and_leave_no_file_and_no_row()
    {
        var a = await ActorsAsync("PM");
        var course = await ClassroomCourseAsync(a, "PM-CLS", null);
        var session = await SessionAsync(a, course, "坏图", App.Clock.GetUtcNow());
        var garbage = new byte[8192];
        new Random(16).NextBytes(garbage);
        var cut = ScenePhotos.Bytes("flower.jpg");
        var cases = new (string Name, byte[] Bytes, string English, string Chinese)[]
        {
            ("jpeg-header.jpg", [0xFF, 0xD8, 0xFF, 0xE0, .. garbage], "The picture cannot be decoded", "图片无法解码"),
            ("png-header.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. garbage], "The picture cannot be decoded", "图片无法解码"),
            ("scrambled.jpg", [.. cut[..600], .. garbage], "The picture cannot be decoded", "图片无法解码"),
            ("bomb.jpg", Bomb(40_000, 40_000), "too many pixels (at most 64 megapixels)", "图片像素过多（最多 64 百万像素）"),
        };
        var filesBefore = FilesOnDisk();
        var storedBefore = await CountAsync("platform.stored_file");
        var photosBefore = await CountAsync("training.session_photo");
        foreach (var (name, bytes, english, chinese) in cases)
        {
            (await ErrorAsync(a.Hr, session.Id, bytes, name, "en")).Should().Contain(english, name);
            (await ErrorAsync(a.Hr, session.Id, bytes, name, "zh-CN")).Should().Contain(chinese, name);
        }

        FilesOnDisk().Should().Be(filesBefore, "a refused picture is not kept, not even as an upload in progress");
        (await CountAsync("platform.stored_file")).Should().Be(storedBefore);
        (await CountAsync("training.session_photo")).Should().Be(photosBefore);
        (await UploadAsync(a.Hr, session.Id, Pattern(), "pattern.jpg")).Media.Should().Be("photo", "a picture that decodes is still accepted");
    }

    /// <summary>The copies of a photograph that must still count as the same picture, made with ImageSharp.</summary>
    private static List<(string Name, byte[] Bytes)> Copies(byte[] original)
    {
        using var image = Image.Load<Rgb24>(original);
        var (w, h) = (image.Width, image.Height);
        var (dx, dy) = (w / 20, h / 20);
        var jpeg = original is [0xFF, 0xD8, ..] ? original : Encode(image, 95, _ => { });
        return
        [
            ("JPEG quality 60", Encode(image, 60, _ => { })),
            ("JPEG quality 75", Encode(image, 75, _ => { })),
            ("JPEG quality 95", Encode(image, 95, _ => { })),
            ("resized 50 %", Encode(image, 90, x => x.Resize(w / 2, h / 2))),
            ("cropped 5 % off every edge", Encode(image, 90, x => x.Crop(new Rectangle(dx, dy, w - (2 * dx), h - (2 * dy))))),
            ("cropped 5 % off the top and left", Encode(image, 90, x => x.Crop(new Rectangle(dx, dy, w - dx, h - dy)))),
            ("cropped 5 % off the bottom and right", Encode(image, 90, x => x.Crop(new Rectangle(0, 0, w - dx, h - dy)))),
            ("cropped 5 % off the left", Encode(image, 90, x => x.Crop(new Rectangle(dx, 0, w - dx, h)))),
            ("EXIF edited", ExifJpeg.Create(Edited, software: "Snapseed 2.0", modified: Edited.AddHours(5), photo: jpeg)),
        ];
    }

    /// <summary>
    /// A picture drawn here rather than one of the photographs, so the tests that upload it leave the class's database without
    /// copies of them.
    /// </summary>
    private static byte[] Pattern()
    {
        using var image = new Image<Rgb24>(400, 300);
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var shade = (byte)(128 + (100 * Math.Sin(x / 30.0) * Math.Cos(y / 45.0)));
                image[x, y] = new Rgb24(shade, (byte)(255 - shade), 90);
            }
        }

        return Encode(image, 90, _ => { });
    }

    private static byte[] Reencoded(byte[] original, int quality)
    {
        using var image = Image.Load<Rgb24>(original);
        return Encode(image, quality, _ => { });
    }

    private static byte[] Encode(Image<Rgb24> image, int quality, Action<IImageProcessingContext> change)
    {
        using var changed = image.Clone(change);
        using var jpeg = new MemoryStream();
        changed.SaveAsJpeg(jpeg, new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = quality });
        return jpeg.ToArray();
    }

    /// <summary>A small real JPEG whose frame header claims <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    private static byte[] Bomb(int width, int height)
    {
        using var image = new Image<Rgb24>(64, 64);
        var bytes = Encode(image, 90, _ => { });
        var frame = Enumerable.Range(2, bytes.Length - 10).First(i => bytes[i] == 0xFF && bytes[i + 1] is 0xC0 or 0xC2);
        bytes[frame + 5] = (byte)(height >> 8);
        bytes[frame + 6] = (byte)height;
        bytes[frame + 7] = (byte)(width >> 8);
        bytes[frame + 8] = (byte)width;
        return bytes;
    }

    private static PerceptualHash.Value Hash(byte[] bytes)
    {
        using var content = new MemoryStream(bytes);
        var (hash, refusal) = PhotoPicture.Read(content, MaxPixels);
        refusal.Should().BeNull();
        return hash!.Value;
    }

    private static async Task<SessionDto> SessionAsync(Actors a, Guid course, string title, DateTimeOffset start) =>
        await ReadAsync<SessionDto>(await a.Hr.PostAsJsonAsync("/api/v1/sessions", new SessionInput(course, title, null, start, start.AddHours(2), 10, [], [])), HttpStatusCode.Created);

    /// <summary>The message on field <c>file</c> of the 400 problem an upload gets, in the language asked for.</summary>
    private static async Task<string> ErrorAsync(HttpClient client, Guid session, byte[] bytes, string fileName, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sessions/{session}/photos")
        {
            Content = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", fileName } },
        };
        request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
        return JsonSerializer.Deserialize<JsonElement>(body).GetProperty("errors").GetProperty("file")[0].GetString()!;
    }

    private int FilesOnDisk()
    {
        var folder = Path.Combine(App.DataPath, "files");
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Count() : 0;
    }
}
