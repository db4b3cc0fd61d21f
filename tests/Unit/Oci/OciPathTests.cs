using ArtifactKeeper.Oci;

namespace ArtifactKeeper.Tests.Unit.Oci;

public sealed class OciPathTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void Parse_empty_path_returns_base()
    {
        Assert.Equal(new OciRoute(OciRouteKind.Base, "", ""), OciPath.Parse(""));
    }

    [Fact]
    public void Parse_catalog_returns_catalog()
    {
        Assert.Equal(new OciRoute(OciRouteKind.Catalog, "", ""), OciPath.Parse("_catalog"));
    }

    [Theory]
    [InlineData("alpine/manifests/latest", "alpine", "latest")]
    [InlineData("library/alpine/manifests/3.19", "library/alpine", "3.19")]
    [InlineData("a/b/c/d/manifests/" + Digest, "a/b/c/d", Digest)]
    [InlineData("a/blobs/b/manifests/latest", "a/blobs/b", "latest")]
    [InlineData("a/manifests/b/manifests/v1", "a/manifests/b", "v1")]
    [InlineData("tags/list/manifests/v1", "tags/list", "v1")]
    public void Parse_manifest_path_returns_name_and_reference(string path, string name, string reference)
    {
        Assert.Equal(new OciRoute(OciRouteKind.Manifest, name, reference), OciPath.Parse(path));
    }

    [Theory]
    [InlineData("alpine/blobs/" + Digest, "alpine")]
    [InlineData("p/team/app/blobs/" + Digest, "p/team/app")]
    [InlineData("a/manifests/x/blobs/" + Digest, "a/manifests/x")]
    [InlineData("a/blobs/uploads/blobs/" + Digest, "a/blobs/uploads")]
    public void Parse_blob_path_returns_name_and_digest(string path, string name)
    {
        Assert.Equal(new OciRoute(OciRouteKind.Blob, name, Digest), OciPath.Parse(path));
    }

    [Theory]
    [InlineData("alpine/blobs/uploads", "alpine")]
    [InlineData("alpine/blobs/uploads/", "alpine")]
    [InlineData("library/alpine/blobs/uploads/", "library/alpine")]
    [InlineData("blobs/blobs/uploads", "blobs")]
    public void Parse_upload_start_path_returns_upload_start(string path, string name)
    {
        Assert.Equal(new OciRoute(OciRouteKind.UploadStart, name, ""), OciPath.Parse(path));
    }

    [Theory]
    [InlineData("alpine/blobs/uploads/6c9a1f0e-2b1d", "alpine", "6c9a1f0e-2b1d")]
    [InlineData("library/alpine/blobs/uploads/abc", "library/alpine", "abc")]
    [InlineData("a/blobs/uploads/b/blobs/uploads/id", "a/blobs/uploads/b", "id")]
    public void Parse_upload_path_returns_name_and_session_id(string path, string name, string id)
    {
        Assert.Equal(new OciRoute(OciRouteKind.Upload, name, id), OciPath.Parse(path));
    }

    [Theory]
    [InlineData("alpine/tags/list", "alpine")]
    [InlineData("library/alpine/tags/list", "library/alpine")]
    [InlineData("a/tags/list/tags/list", "a/tags/list")]
    public void Parse_tag_list_path_returns_tag_list(string path, string name)
    {
        Assert.Equal(new OciRoute(OciRouteKind.TagList, name, ""), OciPath.Parse(path));
    }

    [Theory]
    [InlineData("alpine/referrers/" + Digest, "alpine")]
    [InlineData("library/alpine/referrers/" + Digest, "library/alpine")]
    public void Parse_referrers_path_returns_name_and_digest(string path, string name)
    {
        Assert.Equal(new OciRoute(OciRouteKind.Referrers, name, Digest), OciPath.Parse(path));
    }

    [Fact]
    public void Parse_does_not_validate_the_name_or_reference()
    {
        Assert.Equal(new OciRoute(OciRouteKind.Manifest, "Upper/../x", "not:a-digest"), OciPath.Parse("Upper/../x/manifests/not:a-digest"));
    }

    [Theory]
    [InlineData("_catalog/")]
    [InlineData("_catalog/x")]
    [InlineData("alpine")]
    [InlineData("alpine/")]
    [InlineData("alpine/manifests")]
    [InlineData("alpine/manifests/")]
    [InlineData("manifests/latest")]
    [InlineData("/manifests/latest")]
    [InlineData("alpine/blobs")]
    [InlineData("alpine/blobs/")]
    [InlineData("blobs/" + Digest)]
    [InlineData("blobs/uploads")]
    [InlineData("/blobs/uploads/")]
    [InlineData("/blobs/uploads/id")]
    [InlineData("alpine/tags")]
    [InlineData("alpine/tags/")]
    [InlineData("alpine/tags/list/")]
    [InlineData("tags/list")]
    [InlineData("/tags/list")]
    [InlineData("alpine/referrers")]
    [InlineData("alpine/referrers/")]
    [InlineData("alpine/latest")]
    [InlineData("alpine/manifest/latest")]
    [InlineData("alpine/Manifests/latest")]
    [InlineData("alpine/manifests/latest/")]
    [InlineData("alpine/blobs/uploads/id/")]
    public void Parse_unrecognised_shape_returns_not_found(string path)
    {
        var route = OciPath.Parse(path);

        Assert.Equal(OciRouteKind.NotFound, route.Kind);
        Assert.Equal(OciRoute.NotFound, route);
    }

    [Fact]
    public void Parse_null_path_throws()
    {
        Assert.Throws<ArgumentNullException>(() => OciPath.Parse(null!));
    }
}
