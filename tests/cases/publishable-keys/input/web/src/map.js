mapboxgl.accessToken = 'pk.eyJ1Ijoi{{rand:20:alnum}}.{{rand:22:alnum}}';
