var k="ghp_{{rand:36:alnum}}";
