"""MkDocs hooks: thin glue. One `Build` (chronicle/site/build.py) holds the build's state;
each hook hands it one event. It lasts for the whole `mkdocs serve`, so the preview can
remember what it wrote."""
from chronicle.site.build import Build
from mkdocs.plugins import event_priority

build = Build()


def on_startup(command, dirty):
    build.start(command, dirty)


def on_config(config):
    return build.configure(config)


def on_pre_build(config):
    build.load()  # stops the build, before anything is written, if the data has errors


def on_files(files, config):
    return build.add_files(files, config)


def on_nav(nav, config, files):
    build.preview.begin(config, nav)


@event_priority(-100)  # last: after any other plugin changed the HTML
def on_page_content(html, page, config, files):
    return build.page_content(html, page)


@event_priority(100)  # first: every other plugin and the theme see the page's HTML
def on_page_context(context, page, config, nav):
    build.page_context(page)
    return context


def on_post_page(output, page, config):
    build.page_written(page)


@event_priority(-50)  # after the search plugin wrote its index, before the offline plugin inlines it
def on_post_build(config):
    build.finish(config)


def on_build_error(error):
    build.cleanup()
